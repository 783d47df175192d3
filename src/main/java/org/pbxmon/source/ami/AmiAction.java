package org.pbxmon.source.ami;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One AMI action to send. {@code list} actions answer with a response and then events up to one with
 * {@code EventList: Complete}. Header values must not contain CR or LF (checked: an endpoint name from
 * the PBX is never allowed to smuggle a second action).
 */
record AmiAction(String name, Map<String, String> headers, boolean list) {

    static AmiAction of(String name) {
        return new AmiAction(name, Map.of(), false);
    }

    static AmiAction list(String name) {
        return new AmiAction(name, Map.of(), true);
    }

    AmiAction with(String key, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(key, value);
        return new AmiAction(name, h, list);
    }

    byte[] encode(String actionId) {
        StringBuilder sb = new StringBuilder(64);
        line(sb, "Action", name);
        line(sb, "ActionID", actionId);
        headers.forEach((k, v) -> line(sb, k, v));
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, String k, String v) {
        if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0 || k.indexOf('\r') >= 0 || k.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("AMI header with a line break: " + k);
        }
        sb.append(k).append(": ").append(v).append("\r\n");
    }

    /** No secret in logs: only the action name. */
    @Override
    public String toString() {
        return "AmiAction[" + name + "]";
    }
}
