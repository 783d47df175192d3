package org.pbxmon.sim;

/** IAXpeerlist and IAXregistry responses of chan_iax2; unknown commands while IAX2 is off. Lock held. */
final class IaxRenderer {
    private IaxRenderer() {
    }

    static String peerList(WorldState st, String id, String action) {
        if (!st.iaxEnabled) {
            return Ami.unknownCommand(id, action);
        }
        StringBuilder sb = new StringBuilder(256 + st.iaxPeers.size() * 300);
        Ami.listStart(sb, id, "IAX Peer status list will follow");
        for (IaxPeer p : st.iaxPeers.values()) {
            Ami.kv(sb, "Event", "PeerEntry");
            Ami.actionId(sb, id);
            Ami.kv(sb, "Channeltype", "IAX");
            Ami.kv(sb, "ObjectName", p.name);
            if (p.username != null) {
                Ami.kv(sb, "ObjectUsername", p.username);
            }
            Ami.kv(sb, "ChanObjectType", "peer");
            Ami.kv(sb, "IPaddress", p.ip);
            Ami.kv(sb, "Mask", p.mask);
            Ami.kv(sb, "Port", p.port);
            Ami.kv(sb, "Dynamic", p.dynamic ? "yes" : "no");
            Ami.kv(sb, "Trunk", "no");
            Ami.kv(sb, "Encryption", "no");
            Ami.kv(sb, "Status", p.status);
            sb.append("\r\n");
        }
        Ami.listComplete(sb, "PeerlistComplete", id, st.iaxPeers.size());
        return sb.append("\r\n").toString();
    }

    /** manager_iax2_show_registry: one RegistryEntry per register line, then RegistrationsComplete. */
    static String registry(WorldState st, String id, String action) {
        if (!st.iaxEnabled) {
            return Ami.unknownCommand(id, action);
        }
        StringBuilder sb = new StringBuilder(256 + st.iaxRegistrations.size() * 200);
        Ami.listStart(sb, id, "Registrations will follow");
        for (IaxRegistration r : st.iaxRegistrations) {
            Ami.kv(sb, "Event", "RegistryEntry");
            Ami.actionId(sb, id);
            Ami.kv(sb, "Host", r.host);
            Ami.kv(sb, "DNSmanager", r.dnsManager ? "Y" : "N");
            Ami.kv(sb, "Username", r.username);
            Ami.kv(sb, "Perceived", r.perceived);
            Ami.kv(sb, "Refresh", r.refresh);
            Ami.kv(sb, "State", r.state);
            sb.append("\r\n");
        }
        Ami.listComplete(sb, "RegistrationsComplete", id, st.iaxRegistrations.size());
        return sb.append("\r\n").toString();
    }
}
