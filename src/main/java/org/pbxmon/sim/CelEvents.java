package org.pbxmon.sim;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the call events of a {@link SimWorld} into the rows Asterisk's cel_odbc would write: per
 * channel CHAN_START (Newchannel), ANSWER (Newstate to Up), BRIDGE_ENTER / BRIDGE_EXIT, HANGUP (with
 * the cause in {@code extra}) and CHAN_END (Hangup); LINKEDID_END once the last channel of a linkedid
 * is gone. The columns follow the lab PBX's captures ({@code shared/fixtures/cel}). Used by
 * {@code --demo} to fill its CEL table.
 *
 * <p>The rows are handed to the consumer on the world's thread while the world lock is held, so the
 * consumer must not block (queue them).
 */
public final class CelEvents implements AutoCloseable {
    /** One CEL row, without its id (the table assigns it). */
    public record Row(String eventtype, Instant eventtime, String userdeftype, String cidName, String cidNum,
            String cidAni, String exten, String context, String channame, String appname, String appdata,
            int amaflags, String uniqueid, String linkedid, String peer, String extra) {
    }

    private final SimWorld world;
    private final EventSink sink = this::onEvent;
    private final Consumer<Row> out;
    // world lock only
    private final Map<String, Integer> channelsByLinkedid = new HashMap<>();
    private final Set<String> answered = new HashSet<>();
    private final Map<String, String> peerByBridge = new HashMap<>();
    private final Map<String, String[]> appByChannel = new HashMap<>();

    private CelEvents(SimWorld world, Consumer<Row> out) {
        this.world = world;
        this.out = out;
    }

    /** Starts feeding {@code out} with the CEL rows of every call {@code world} makes from now on. */
    public static CelEvents attach(SimWorld world, Consumer<Row> out) {
        CelEvents c = new CelEvents(world, out);
        world.addSink(c.sink);
        return c;
    }

    private void onEvent(Ev ev) {
        switch (ev.name) {
            case "Newchannel", "Newstate", "Newexten", "Hangup", "BridgeEnter", "BridgeLeave" -> {
            }
            default -> {
                return;
            }
        }
        Map<String, String> f = fields(ev.text);
        String chan = f.getOrDefault("Channel", "");
        String uid = f.getOrDefault("Uniqueid", "");
        String linked = f.getOrDefault("Linkedid", uid);
        Instant now = Instant.now();
        switch (ev.name) {
            case "Newchannel" -> {
                channelsByLinkedid.merge(linked, 1, Integer::sum);
                emit("CHAN_START", now, f, "", "", "", "");
            }
            case "Newexten" -> appByChannel.put(chan, new String[] {f.getOrDefault("Application", ""),
                    f.getOrDefault("AppData", "")});
            case "Newstate" -> {
                if ("6".equals(f.get("ChannelState")) && answered.add(uid)) {
                    emit("ANSWER", now, f, app(chan, 0), app(chan, 1), "", "");
                }
            }
            case "BridgeEnter" -> {
                String bridge = f.getOrDefault("BridgeUniqueid", "");
                String peer = peerByBridge.put(bridge, chan);
                emit("BRIDGE_ENTER", now, f, app(chan, 0), app(chan, 1), peer == null ? "" : peer,
                        "{\"bridge_id\":\"" + bridge + "\",\"bridge_technology\":\"simple_bridge\"}");
            }
            case "BridgeLeave" -> {
                String bridge = f.getOrDefault("BridgeUniqueid", "");
                if ("0".equals(f.get("BridgeNumChannels"))) {
                    peerByBridge.remove(bridge);
                }
                emit("BRIDGE_EXIT", now, f, app(chan, 0), app(chan, 1), "",
                        "{\"bridge_id\":\"" + bridge + "\",\"bridge_technology\":\"simple_bridge\"}");
            }
            case "Hangup" -> {
                String cause = f.getOrDefault("Cause", "16");
                emit("HANGUP", now, f, app(chan, 0), app(chan, 1), "", "{\"hangupcause\":" + cause
                        + ",\"hangupsource\":\"" + chan + "\",\"dialstatus\":\"" + (answered.contains(uid) ? "ANSWER" : "")
                        + "\"}");
                emit("CHAN_END", now, f, app(chan, 0), app(chan, 1), "", "");
                answered.remove(uid);
                appByChannel.remove(chan);
                Integer left = channelsByLinkedid.merge(linked, -1, Integer::sum);
                if (left != null && left <= 0) {
                    channelsByLinkedid.remove(linked);
                    emit("LINKEDID_END", now, f, app(chan, 0), app(chan, 1), "", "");
                }
            }
            default -> {
            }
        }
    }

    private String app(String chan, int i) {
        String[] a = appByChannel.get(chan);
        return a == null ? "" : a[i];
    }

    private void emit(String type, Instant t, Map<String, String> f, String app, String appData, String peer,
            String extra) {
        String num = value(f.get("CallerIDNum"));
        String name = value(f.get("CallerIDName"));
        boolean start = type.equals("CHAN_START");
        out.accept(new Row(type, t, "", name, num, start ? "" : num, value(f.get("Exten")), value(f.get("Context")),
                f.getOrDefault("Channel", ""), app, appData, 3, f.getOrDefault("Uniqueid", ""),
                f.getOrDefault("Linkedid", ""), peer, extra));
    }

    /** AMI writes an unknown caller id as {@code <unknown>}; cel_odbc writes an empty column. */
    private static String value(String s) {
        return s == null || s.equals("<unknown>") ? "" : s;
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> m = new HashMap<>();
        int i = 0;
        while (i < text.length()) {
            int end = text.indexOf("\r\n", i);
            if (end < 0) {
                end = text.length();
            }
            int colon = text.indexOf(": ", i);
            if (colon > i && colon < end) {
                m.putIfAbsent(text.substring(i, colon), text.substring(colon + 2, end));
            }
            i = end + 2;
        }
        return m;
    }

    @Override
    public void close() {
        world.removeSink(sink);
    }
}
