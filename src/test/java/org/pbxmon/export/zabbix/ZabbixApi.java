package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A JSON-RPC client of a Zabbix 6.0 frontend API ({@code api_jsonrpc.php}), logged in as Admin. */
final class ZabbixApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private String auth;
    private int id;

    ZabbixApi(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/api_jsonrpc.php");
    }

    /** {@code user.login} as Admin / zabbix (6.0 takes "username"). */
    ZabbixApi login() {
        auth = null;
        auth = call("user.login", Map.of("username", "Admin", "password", "zabbix")).asText();
        return this;
    }

    /** Calls a method; an API error is an AssertionError naming the method and Zabbix's message. */
    JsonNode call(String method, Object params) {
        ObjectNode body = JSON.createObjectNode();
        body.put("jsonrpc", "2.0");
        body.put("method", method);
        body.set("params", JSON.valueToTree(params));
        body.put("id", ++id);
        if (auth != null) {
            body.put("auth", auth);
        }
        HttpResponse<String> r;
        try {
            r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(3))
                    .header("Content-Type", "application/json-rpc")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(method + ": " + e, e);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(method + ": HTTP " + r.statusCode() + ", not JSON: " + r.body(), e);
        }
        if (answer.has("error")) {
            throw new AssertionError(method + ": " + answer.get("error"));
        }
        return answer.path("result");
    }

    /** {@code configuration.import} of a YAML export, creating and updating everything in it. */
    void importYaml(String yaml) {
        Map<String, Object> all = Map.of("createMissing", true, "updateExisting", true);
        Map<String, Object> rules = new java.util.LinkedHashMap<>();
        for (String k : List.of("templates", "items", "triggers", "discoveryRules", "valueMaps",
                "templateDashboards", "httptests", "graphs")) {
            rules.put(k, all);
        }
        rules.put("groups", Map.of("createMissing", true));
        rules.put("templateLinkage", Map.of("createMissing", true));
        JsonNode ok = call("configuration.import", Map.of("format", "yaml", "source", yaml, "rules", rules));
        if (!ok.asBoolean()) {
            throw new AssertionError("configuration.import answered " + ok);
        }
    }

    String templateId(String name) {
        JsonNode t = call("template.get", Map.of("filter", Map.of("host", List.of(name)), "output", List.of("templateid")));
        if (t.size() != 1) {
            throw new AssertionError("no template " + name + " after the import: " + t);
        }
        return t.get(0).path("templateid").asText();
    }

    String groupId(String name) {
        JsonNode g = call("hostgroup.get", Map.of("filter", Map.of("name", List.of(name)), "output", List.of("groupid")));
        if (g.size() == 1) {
            return g.get(0).path("groupid").asText();
        }
        return call("hostgroup.create", Map.of("name", name)).path("groupids").get(0).asText();
    }

    /** A host linked to one template, with host macros. */
    String createHost(String name, String templateId, String groupId, Map<String, String> macros) {
        List<Map<String, String>> m = new ArrayList<>();
        macros.forEach((k, v) -> m.add(Map.of("macro", k, "value", v)));
        return call("host.create", Map.of("host", name, "groups", List.of(Map.of("groupid", groupId)),
                "templates", List.of(Map.of("templateid", templateId)), "macros", m))
                .path("hostids").get(0).asText();
    }

    /** Sets (creates or updates) a host macro. */
    void setMacro(String hostId, String macro, String value) {
        JsonNode found = call("usermacro.get", Map.of("hostids", List.of(hostId), "filter", Map.of("macro", List.of(macro))));
        if (found.size() == 0) {
            call("usermacro.create", Map.of("hostid", hostId, "macro", macro, "value", value));
        } else {
            call("usermacro.update", Map.of("hostmacroid", found.get(0).path("hostmacroid").asText(), "value", value));
        }
    }

    /** Every item of the hosts (discovered ones included), with state, error and last value. */
    JsonNode items(List<String> hostIds) {
        return call("item.get", Map.of("hostids", hostIds, "output",
                List.of("itemid", "hostid", "key_", "name", "type", "state", "error", "lastclock", "lastvalue", "flags", "history"),
                "webitems", true));
    }

    JsonNode discoveryRules(List<String> hostIds) {
        return call("discoveryrule.get", Map.of("hostids", hostIds, "output",
                List.of("itemid", "key_", "state", "error", "lifetime")));
    }

    /** Triggers of the hosts with resolved names (value 1: PROBLEM). */
    JsonNode triggers(List<String> hostIds) {
        return call("trigger.get", Map.of("hostids", hostIds, "output",
                List.of("triggerid", "description", "value", "state", "error", "priority"),
                "expandDescription", true, "selectHosts", List.of("host")));
    }

    /** "Check now" (task type 6) for items and LLD rules; not-checkable ones (dependent, trapper) are skipped. */
    void checkNow(List<String> itemIds) {
        if (itemIds.isEmpty()) {
            return;
        }
        ArrayNode tasks = JSON.createArrayNode();
        for (String i : itemIds) {
            ObjectNode t = tasks.addObject();
            t.put("type", 6);
            t.putObject("request").put("itemid", i);
        }
        call("task.create", tasks);
    }
}
