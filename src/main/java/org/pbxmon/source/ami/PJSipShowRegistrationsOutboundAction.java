package org.pbxmon.source.ami;

import org.asteriskjava.manager.action.AbstractManagerAction;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.event.ResponseEvent;

/**
 * PJSIPShowRegistrationsOutbound, which asterisk-java 3.42.2 lacks. Asterisk answers with one
 * OutboundRegistrationDetail per registration, each followed by an AuthDetail, then
 * OutboundRegistrationDetailComplete.
 */
public final class PJSipShowRegistrationsOutboundAction extends AbstractManagerAction implements EventGeneratingAction {
    private static final long serialVersionUID = 1L;

    @Override
    public String getAction() {
        return "PJSIPShowRegistrationsOutbound";
    }

    @Override
    public Class<? extends ResponseEvent> getActionCompleteEventClass() {
        return OutboundRegistrationDetailCompleteEvent.class;
    }
}
