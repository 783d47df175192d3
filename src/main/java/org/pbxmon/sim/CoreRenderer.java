package org.pbxmon.sim;

/** Ping, CoreSettings, CoreStatus, CoreShowChannels and Command responses. Lock held. */
final class CoreRenderer {
    private CoreRenderer() {
    }

    static String ping(String id) {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        StringBuilder sb = new StringBuilder(96);
        Ami.kv(sb, "Response", "Success");
        Ami.actionId(sb, id);
        Ami.kv(sb, "Ping", "Pong");
        Ami.kv(sb, "Timestamp", String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000));
        return sb.append("\r\n").toString();
    }

    static String coreSettings(String id) {
        StringBuilder sb = new StringBuilder(400);
        Ami.kv(sb, "Response", "Success");
        Ami.actionId(sb, id);
        Ami.kv(sb, "AMIversion", Ami.AMI_VERSION);
        Ami.kv(sb, "AsteriskVersion", Ami.ASTERISK_VERSION);
        Ami.kv(sb, "SystemName", "");
        Ami.kv(sb, "CoreMaxCalls", 0);
        Ami.kv(sb, "CoreMaxLoadAvg", "0.000000");
        Ami.kv(sb, "CoreRunUser", "root");
        Ami.kv(sb, "CoreRunGroup", "root");
        Ami.kv(sb, "CoreMaxFilehandles", 0);
        Ami.kv(sb, "CoreRealTimeEnabled", "No");
        Ami.kv(sb, "CoreCDRenabled", "Yes");
        Ami.kv(sb, "CoreHTTPenabled", "No");
        Ami.kv(sb, "SoundsSearchCustomDir", "No");
        return sb.append("\r\n").toString();
    }

    static String coreStatus(WorldState st, String id) {
        StringBuilder sb = new StringBuilder(256);
        Ami.kv(sb, "Response", "Success");
        Ami.actionId(sb, id);
        Ami.kv(sb, "CoreStartupDate", Ami.date(st.startupMillis));
        Ami.kv(sb, "CoreStartupTime", Ami.time(st.startupMillis));
        Ami.kv(sb, "CoreReloadDate", Ami.date(st.reloadMillis));
        Ami.kv(sb, "CoreReloadTime", Ami.time(st.reloadMillis));
        Ami.kv(sb, "CoreCurrentCalls", st.channels.size());
        Ami.kv(sb, "CoreProcessedCalls", st.processedCalls);
        return sb.append("\r\n").toString();
    }

    static String coreShowChannels(WorldState st, String id) {
        StringBuilder sb = new StringBuilder(256 + st.channels.size() * 420);
        Ami.listStart(sb, id, "Channels will follow");
        long now = st.now();
        for (Chan c : st.channels.values()) {
            Ami.kv(sb, "Event", "CoreShowChannel");
            Ami.actionId(sb, id);
            c.appendSnapshot(sb, "");
            Ami.kv(sb, "Application", c.application);
            Ami.kv(sb, "ApplicationData", c.appData);
            Ami.kv(sb, "Duration", Ami.duration((now - c.createdMillis) / 1000));
            Ami.kv(sb, "BridgeId", c.bridgeId);
            sb.append("\r\n");
        }
        Ami.listComplete(sb, "CoreShowChannelsComplete", id, st.channels.size());
        return sb.append("\r\n").toString();
    }

    /** Command: "core show version" like the capture; other commands answer "No such command". */
    static String command(String id, String command) {
        String cmd = command == null ? "" : command.trim();
        StringBuilder sb = new StringBuilder(200);
        Ami.kv(sb, "Response", "Success");
        Ami.actionId(sb, id);
        Ami.kv(sb, "Message", "Command output follows");
        if (cmd.equalsIgnoreCase("core show version")) {
            Ami.kv(sb, "Output", "Asterisk " + Ami.ASTERISK_VERSION
                    + " built by root @ vm on a x86_64 running Linux on 2026-11-22 21:48:32 UTC");
        } else {
            Ami.kv(sb, "Output", "No such command '" + cmd + "' (type 'core show help " + cmd
                    + "' for other possible commands)");
        }
        return sb.append("\r\n").toString();
    }
}
