package org.pbxmon.source.ami;

import org.asteriskjava.manager.event.ResponseEvent;

/** End of the PJSIPShowRegistrationsOutbound list. */
public final class OutboundRegistrationDetailCompleteEvent extends ResponseEvent {
    private static final long serialVersionUID = 1L;
    private Integer listItems;
    private Integer registered;
    private Integer notRegistered;

    public OutboundRegistrationDetailCompleteEvent(Object source) {
        super(source);
    }

    public Integer getListItems() {
        return listItems;
    }

    public void setListItems(Integer listItems) {
        this.listItems = listItems;
    }

    public Integer getRegistered() {
        return registered;
    }

    public void setRegistered(Integer registered) {
        this.registered = registered;
    }

    public Integer getNotRegistered() {
        return notRegistered;
    }

    public void setNotRegistered(Integer notRegistered) {
        this.notRegistered = notRegistered;
    }
}
