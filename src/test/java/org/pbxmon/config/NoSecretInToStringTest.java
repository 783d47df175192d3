package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoSecretInToStringTest {
    private static final String AMI_SECRET = "ami-S3CRET-42";
    private static final String HTTP_PASSWORD = "http-PASSW0RD-17";

    @Test
    void noRecordShowsASecret() throws Exception {
        AgentConfig c = ConfigLoader.parse("""
                http:
                  listen: "127.0.0.1:8080"
                  users: [{username: admin, password: "${HTTP_PW}"}]
                  auth: {metrics: basic, status: [basic], health: none}
                pbx:
                  - name: main
                    ami:
                      host: pbx.example.net
                      port: 5039
                      username: monitor
                      secret: ${AMI_SECRET}
                      auth: md5
                      connect_timeout: 1s
                      ping_interval: 2s
                      read_timeout: 5s
                      response_timeout: 1s
                      resync_interval: 1m
                      reconnect_backoff_max: 10s
                      events: off
                    stuck_call_threshold: 1h
                    trunks:
                      names: [carrier]
                      extensions: [gw]
                      match: "^trunk"
                      capacity_channels: {carrier: 4}
                publish_interval: 100ms
                """, "full.yml", Map.of("HTTP_PW", HTTP_PASSWORD, "AMI_SECRET", AMI_SECRET));
        PbxConfig pbx = c.pbxes().get(0);
        List<String> shown = new ArrayList<>(List.of(
                c.toString(), c.http().toString(), c.http().users().get(0).toString(),
                c.http().users().get(0).password().toString(), pbx.toString(), pbx.ami().toString(),
                pbx.ami().secret().toString(), pbx.ami().describe(), pbx.trunks().toString(),
                String.valueOf(c.pbxes()), String.valueOf(c.http().users())));
        for (String s : shown) {
            assertFalse(s.contains(AMI_SECRET), s);
            assertFalse(s.contains(HTTP_PASSWORD), s);
        }
        assertTrue(c.toString().contains("******"));
        assertTrue(c.toString().contains("monitor"), "non-secret values still show");
        assertTrue(pbx.ami().describe().equals("monitor@pbx.example.net:5039"));
        String demo = ConfigLoader.demo(5038, "0.0.0.0", 10089).toString();
        assertFalse(demo.contains("secret=demo") || demo.contains("password=demo"), demo);
    }
}
