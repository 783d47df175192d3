package org.pbxmon.sim;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Answers the actions of one session, as Asterisk 22 does (see the *.txt captures). */
final class ActionHandler {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AmiSession s;
    private final AmiSimulator sim;
    private final WorldState st;

    ActionHandler(AmiSession s) {
        this.s = s;
        this.sim = s.sim;
        this.st = s.sim.world().st;
    }

    void handle(Map<String, String> m) {
        String action = m.get("action");
        String id = m.get("actionid");
        if (action == null || action.isEmpty()) {
            s.send(Ami.error(id, "Missing action in request"));
            return;
        }
        String a = action.toLowerCase(Locale.ROOT);
        switch (a) {
            case "login":
                login(m, id);
                return;
            case "challenge":
                challenge(m, id);
                return;
            case "logoff":
                s.sendAndClose(Ami.response("Goodbye", id, "Thanks for all the fish."));
                return;
            default:
                break;
        }
        if (!s.isLoggedIn()) {
            s.send(Ami.error(id, "Permission denied"));
            return;
        }
        s.send(answer(a, action, m, id));
    }

    private String answer(String a, String action, Map<String, String> m, String id) {
        switch (a) {
            case "ping":
                return CoreRenderer.ping(id);
            case "coresettings":
                return CoreRenderer.coreSettings(id);
            case "command":
                return CoreRenderer.command(id, m.get("command"));
            case "filter":
                return filter(m, id);
            case "events":
                return events(m, id);
            default:
                break;
        }
        synchronized (st.lock) {
            switch (a) {
                case "corestatus":
                    return CoreRenderer.coreStatus(st, id);
                case "coreshowchannels":
                    return CoreRenderer.coreShowChannels(st, id);
                case "pjsipshowendpoints":
                    return PjsipRenderer.endpoints(st, id);
                case "pjsipshowendpoint":
                    return PjsipDetailRenderer.endpoint(st, id, m.get("endpoint"));
                case "pjsipshowcontacts":
                    return PjsipRenderer.contacts(st, id);
                case "pjsipshowregistrationsoutbound":
                    return PjsipRenderer.registrationsOutbound(st, id);
                case "iaxpeerlist":
                    return IaxRenderer.peerList(st, id, action);
                case "iaxregistry":
                    return IaxRenderer.registry(st, id, action);
                case "queuestatus":
                    return QueueRenderer.queueStatus(st, id, m.get("queue"), m.get("member"));
                case "queuesummary":
                    return QueueRenderer.queueSummary(st, id, m.get("queue"));
                default:
                    return Ami.unknownCommand(id, action);
            }
        }
    }

    private void challenge(Map<String, String> m, String id) {
        String authType = m.get("authtype");
        if (authType == null || !authType.equalsIgnoreCase("MD5")) {
            s.send(Ami.error(id, "Must specify AuthType"));
            return;
        }
        if (s.challenge == null) {
            s.challenge = String.valueOf(RANDOM.nextInt(Integer.MAX_VALUE - 100_000_000) + 100_000_000);
        }
        StringBuilder sb = new StringBuilder(96);
        Ami.kv(sb, "Response", "Success");
        Ami.actionId(sb, id);
        Ami.kv(sb, "Challenge", s.challenge);
        s.send(sb.append("\r\n").toString());
    }

    private void login(Map<String, String> m, String id) {
        if (s.isLoggedIn()) {
            s.send(Ami.response("Success", id, "Already authenticated"));
            return;
        }
        String user = m.get("username");
        boolean ok = sim.username().equals(user);
        if (ok) {
            String authType = m.get("authtype");
            if (authType != null && authType.equalsIgnoreCase("MD5")) {
                String key = m.get("key");
                ok = s.challenge != null && key != null
                        && key.equalsIgnoreCase(Ami.md5Hex(s.challenge + sim.secret()));
            } else {
                ok = sim.secret().equals(m.get("secret"));
            }
        }
        if (!ok) {
            s.sendAndClose(Ami.error(id, "Authentication failed"));
            return;
        }
        s.send(Ami.response("Success", id, "Authentication accepted"));
        sim.loginSucceeded(s, m.get("events"));
    }

    private String filter(Map<String, String> m, String id) {
        String op = m.get("operation");
        String filter = m.get("filter");
        if (op != null && !op.equalsIgnoreCase("Add")) {
            return Ami.error(id, "Unknown operation");
        }
        if (filter == null || filter.isEmpty()) {
            return Ami.error(id, "Filter Not Valid");
        }
        boolean exclude = filter.startsWith("!");
        try {
            s.addFilter(Pattern.compile(exclude ? filter.substring(1) : filter), exclude);
        } catch (PatternSyntaxException e) {
            return Ami.error(id, "Filter Not Valid");
        }
        return Ami.response("Success", id, "Filter Added Successfully");
    }

    private String events(Map<String, String> m, String id) {
        String mask = m.get("eventmask");
        boolean on = s.setEventMask(mask == null ? "off" : mask);
        StringBuilder sb = new StringBuilder(64);
        Ami.kv(sb, "Response", "Success");
        Ami.actionId(sb, id);
        Ami.kv(sb, "Events", on ? "On" : "Off");
        return sb.append("\r\n").toString();
    }
}
