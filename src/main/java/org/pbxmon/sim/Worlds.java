package org.pbxmon.sim;

import java.util.List;

/** Builders of the three worlds; all values of the lab and scale worlds come from the real captures. */
final class Worlds {
    private static final String[] DEMO_NAMES = {
        "Anna Ivanova", "Boris Smirnov", "Carla Diaz", "Dmitri Orlov", "Elena Rossi", "Frank Meyer",
        "Gita Sharma", "Hugo Laurent", "Irina Volkova", "Jon Berg", "Kate Novak", "Leo Marin",
        "Maria Silva", "Nikolai Petrov", "Olga Kuznetsova", "Paul Weber", "Quinn Walsh", "Rita Costa",
        "Sergei Popov", "Tina Keller", "Uma Patel", "Victor Hugo", "Wanda Zielinska", "Xavier Roux",
        "Yulia Sokolova", "Zane Fischer", "Reception", "Front Desk", "Warehouse", "Conference Room",
        "Kitchen", "Lobby Phone", "Support Lead", "Sales Lead", "Fax Gateway", "Night Line",
    };
    private static final String[] DEMO_AGENTS = {
        "Yealink SIP-T46U 108.86.0.20", "Grandstream GXP2170 1.0.11.23", "Zoiper rv2.10.20.2",
        "Cisco/SPA504G-7.6.2", "MicroSIP/3.21.3",
    };

    private Worlds() {
    }

    static Contact staticContact(String aor, String uri, long rtt, String timeout) {
        Contact c = new Contact(aor, uri, false, aor, "", "", hostOf(uri), portOf(uri), 5, timeout, 0);
        c.rttUsec = rtt;
        return c;
    }

    static String hostOf(String uri) {
        String s = uri.substring(uri.indexOf(':') + 1);
        s = s.substring(s.indexOf('@') + 1);
        int colon = s.indexOf(':');
        return colon < 0 ? s : s.substring(0, colon);
    }

    static int portOf(String uri) {
        int colon = uri.lastIndexOf(':');
        try {
            return Integer.parseInt(uri.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 5060;
        }
    }

    private static Endpoint phone(String name, String callerName, String context, String regUri, String ua,
                                  int qualifyFrequency, String timeout) {
        return new Endpoint(name, name + "-auth", "", callerName, context, false, null, regUri, ua,
                portOf(regUri), qualifyFrequency, timeout);
    }

    private static void put(WorldState st, Endpoint e) {
        st.endpoints.put(e.name, e);
    }

    private static SimQueue queue(WorldState st, String name, String strategy, int ringinuse) {
        SimQueue q = new SimQueue(name, strategy, ringinuse);
        st.queues.put(name, q);
        return q;
    }

    private static void member(WorldState st, SimQueue q, String name, String location, String stateIface) {
        q.members.add(new SimQueue.Member(name, location, stateIface, st.startupMillis / 1000, 1));
    }

    static WorldState lab() {
        WorldState st = new WorldState(101);
        st.localContext = "lab";
        String ua = "Asterisk-Lab-Carrier";
        put(st, phone("101", "Alice Lab", "lab", "sip:101@127.0.0.1:5070", ua, 5, "2.000000"));
        Endpoint bob = phone("102", "Bob Lab", "lab", "sip:102@127.0.0.1:5070", ua, 5, "2.000000");
        Contact c = new Contact("102", "sip:102@127.0.0.1:5070", true, "102;@2ccac71af9c48e42899b547374c2122a",
                "dc355262-428a-4fd6-893c-0fb209a3ea28", ua, "127.0.0.1", 5070, 5, "2.000000", 104);
        c.rttUsec = 692;
        bob.dynamicContact = c;
        put(st, bob);
        put(st, new Endpoint("103", "103-auth", "", "Carol Lab", "lab", false,
                staticContact("103", "sip:103@127.0.0.1:5070", 792, "2.000000"),
                "sip:103@127.0.0.1:5070", ua, 5070, 5, "2.000000"));
        Endpoint carrier = new Endpoint("carrier", "", "carrier-auth", "", "from-carrier", true,
                staticContact("carrier", "sip:127.0.0.1:5070", 1207, "2.000000"),
                "sip:127.0.0.1:5070", "", 5070, 5, "2.000000");
        carrier.identifyMatch = "127.0.0.1/255.255.255.255";
        put(st, carrier);

        st.registrations.put("badauth-reg", new Registration("badauth-reg", "sip:pbx-backup@127.0.0.1:5070",
                "sip:127.0.0.1:5070", "pbx-backup", 100000, 30, 60, 30, 0, false,
                new OutboundAuth("badauth-auth", "pbx-backup", "not-the-password"), "Rejected"));
        st.registrations.put("carrier-reg", new Registration("carrier-reg", "sip:pbx-trunk@127.0.0.1:5070",
                "sip:127.0.0.1:5070", "pbx-trunk", 100000, 10, 30, 15, 15, false,
                new OutboundAuth("carrier-auth", "pbx-trunk", "trunk-secret"), "Registered"));
        st.registrations.put("deadprovider-reg", new Registration("deadprovider-reg", "sip:pbx@127.0.0.1:5099",
                "sip:127.0.0.1:5099", "pbx-dead", 100000, 20, 60, 0, 0, true, null, "Rejected"));

        st.iaxPeers.put("iaxphone1", new IaxPeer("iaxphone1", null, "(null)", "(null)", "(null)", true, "UNKNOWN"));
        st.iaxPeers.put("carrier-iax",
                new IaxPeer("carrier-iax", "pbx", "127.0.0.1", "255.255.255.255", "4570", false, "OK (3 ms)"));
        st.iaxRegistrations.add(
                new IaxRegistration("127.0.0.1:4570", "pbx", "127.0.0.1:4569", 60, false, "Registered"));

        SimQueue overflow = queue(st, "overflow", "linear", 1);
        member(st, overflow, "Alice Lab", "PJSIP/101", "PJSIP/101");
        SimQueue support = queue(st, "support", "ringall", 0);
        member(st, support, "Agent One", "Local/agent1@agents/n", "Local/agent1@agents");
        member(st, support, "Agent Two", "Local/agent2@agents/n", "Local/agent2@agents");
        member(st, support, "Alice Lab", "PJSIP/101", "PJSIP/101");
        SimQueue sales = queue(st, "sales", "leastrecent", 1);
        member(st, sales, "Carol Lab", "PJSIP/103", "PJSIP/103");
        member(st, sales, "Bob Lab", "PJSIP/102", "PJSIP/102");
        st.settleSilently();
        return st;
    }

    static WorldState demo() {
        WorldState st = new WorldState(2024);
        st.localContext = "lab";
        st.mediaAddress = "192.0.2.1";
        PresenceEngine presence = new PresenceEngine(st);
        List<Integer> neverRegistered = List.of(205, 213, 222, 229, 234);
        for (int n = 200; n <= 235; n++) {
            String name = String.valueOf(n);
            String uri = "sip:" + name + "@192.0.2." + (n - 150) + ":5060";
            Endpoint e = phone(name, DEMO_NAMES[n - 200], "internal", uri, DEMO_AGENTS[n % DEMO_AGENTS.length],
                    60, "3.000000");
            put(st, e);
            if (!neverRegistered.contains(n)) {
                Contact c = presence.newDynamicContact(e);
                c.status = "Reachable";
                c.rttUsec = 800 + st.random.nextInt(24000);
                e.dynamicContact = c;
            }
        }
        Endpoint carrier = new Endpoint("carrier", "", "carrier-auth", "", "from-carrier", true,
                staticContact("carrier", "sip:203.0.113.10:5060", 18250, "3.000000"),
                "sip:203.0.113.10:5060", "", 5060, 60, "3.000000");
        carrier.identifyMatch = "203.0.113.10/255.255.255.255";
        put(st, carrier);
        Endpoint provider2 = new Endpoint("sip-provider2", "", "", "", "from-provider2", true,
                staticContact("sip-provider2", "sip:198.51.100.20:5060", 24610, "3.000000"),
                "sip:198.51.100.20:5060", "", 5060, 60, "3.000000");
        provider2.identifyMatch = "198.51.100.20/255.255.255.255";
        put(st, provider2);
        st.registrations.put("carrier-reg", new Registration("carrier-reg", "sip:pbx-trunk@203.0.113.10:5060",
                "sip:203.0.113.10:5060", "pbx-trunk", 100000, 60, 3600, 300, 300, false,
                new OutboundAuth("carrier-auth", "pbx-trunk", "demo-trunk-secret"), "Registered"));
        st.iaxPeers.put("iax-trunk",
                new IaxPeer("iax-trunk", "pbx", "203.0.113.30", "255.255.255.255", "4569", false, "OK (12 ms)"));
        st.iaxRegistrations.add(new IaxRegistration("203.0.113.30:4569", "pbx", "192.0.2.1:4569", 60, false,
                "Registered"));

        SimQueue support = queue(st, "support", "ringall", 0);
        for (int n = 200; n <= 203; n++) {
            member(st, support, DEMO_NAMES[n - 200], "PJSIP/" + n, "PJSIP/" + n);
        }
        member(st, support, "Night Agent", "Local/agent1@agents/n", "Local/agent1@agents");
        SimQueue sales = queue(st, "sales", "rrmemory", 1);
        for (int n = 210; n <= 214; n++) {
            member(st, sales, DEMO_NAMES[n - 200], "PJSIP/" + n, "PJSIP/" + n);
        }
        st.settleSilently();
        return st;
    }

    static WorldState scale(int endpoints, int registrations, int queues, int calls) {
        WorldState st = new WorldState(5000);
        st.iaxEnabled = false;
        st.localContext = "lab";
        PresenceEngine presence = new PresenceEngine(st);
        for (int i = 0; i < endpoints; i++) {
            String name = String.valueOf(10000 + i);
            Endpoint e = new Endpoint(name, name, "", "Ext " + name, "scale", false, null,
                    "sip:" + name + "@127.0.0.1:58715", "scale-reg", 58715, 0, "3.000000");
            e.dynamicContact = presence.newDynamicContact(e);
            put(st, e);
        }
        for (int i = 1; i <= registrations; i++) {
            String t = String.format("trunk%03d", i);
            st.registrations.put(t, new Registration(t, "sip:" + t + "@127.0.0.1:5099", "sip:127.0.0.1:5099", t,
                    1000000, 60, 300, 300, 300, false, new OutboundAuth(t + "-auth", t, t + "-secret"), "Rejected"));
        }
        for (int i = 1; i <= queues; i++) {
            String nn = String.format("%02d", i);
            SimQueue q = queue(st, "q" + nn, "ringall", 1);
            member(st, q, "Agent " + nn + "A", "Local/agent" + nn + "a@agents/n", "Local/agent" + nn + "a@agents");
            member(st, q, "Agent " + nn + "B", "Local/agent" + nn + "b@agents/n", "Local/agent" + nn + "b@agents");
        }
        long now = st.now();
        for (int j = 0; j < calls; j++) {
            String base = "Local/wait@scale-" + st.nextLocalSuffix();
            long created = now - 43_000 + (25_000L * j) / Math.max(1, calls);
            String uid = st.nextUniqueid();
            Chan l1 = new Chan(base + ";1", uid, uid, null, null, created);
            Chan l2 = new Chan(base + ";2", st.nextUniqueid(), uid, null, null, created);
            for (Chan l : new Chan[] {l1, l2}) {
                l.state = 6;
                l.callerNum = String.valueOf(20000 + j);
                l.callerName = "Hold " + j;
                l.connNum = l.callerNum;
                l.connName = l.callerName;
                l.context = "scale";
                l.exten = "wait";
                l.application = "Wait";
                l.appData = "900";
                st.channels.put(l.name, l);
            }
            l2.priority = 2;
            SimCall call = new SimCall(List.of(l1, l2), List.of(new SimCall.Dial(null, l1, "wait@scale")),
                    l1, l2, l2, created);
            call.answered = true;
            call.answeredMillis = created;
            st.calls.add(call);
        }
        st.processedCalls = calls;
        st.settleSilently();
        return st;
    }
}
