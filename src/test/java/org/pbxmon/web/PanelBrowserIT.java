package org.pbxmon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.pbxmon.agent.Agent;
import org.pbxmon.sim.AmiSimulator;
import org.pbxmon.sim.SimCall;
import org.pbxmon.sim.SimWorld;
import org.pbxmon.testing.Await;
import org.pbxmon.testing.Http;
import org.pbxmon.testing.LabAgent;

/**
 * The live panel in Debian's headless Chromium (packages chromium, chromium-driver), driven by
 * Selenium through /usr/bin/chromedriver, against an agent watching two simulators through a relay the
 * test can cut. Saves docs/panel.png.
 */
class PanelBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    @TempDir
    Path dir;
    private AmiSimulator simA;
    private AmiSimulator simB;
    private Agent agent;
    private TcpRelay relay;
    private ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        for (AutoCloseable c : new AutoCloseable[] {relay, agent, simA, simB}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private String attr(String css, String name) {
        Object v = js("var e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css, name);
        return v == null ? null : v.toString();
    }

    private long count(String css) {
        return ((Number) js("return document.querySelectorAll(arguments[0]).length;", css)).longValue();
    }

    private JsonNode status() throws Exception {
        return SseClient.JSON.readTree(Http.get(agent.port(), "/status", LabAgent.USER, LabAgent.PASSWORD).body());
    }

    @Test
    void thePanelFollowsTheSimulatorsInARealBrowser() throws Exception {
        assumeTrue(new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute(),
                "needs the Debian packages chromium and chromium-driver (.ci/panel installs them)");
        simA = AmiSimulator.start(SimWorld.lab(), LabAgent.AMI_USER, LabAgent.AMI_SECRET);
        simB = AmiSimulator.start(SimWorld.lab(), LabAgent.AMI_USER, LabAgent.AMI_SECRET);
        agent = new Agent(LabAgent.config("""
                http:
                  listen: 127.0.0.1:0
                  users: [{username: %s, password: %s}]
                publish_interval: 50ms
                pbx:
                %s%s
                incidents:
                  store: {type: h2, state_dir: "%s"}
                  rules:
                    trunk_registration: {for: 1s, clear_for: 1s}
                """.formatted(LabAgent.USER, LabAgent.PASSWORD, LabAgent.pbxYaml("a", simA, ""),
                LabAgent.pbxYaml("b", simB, ""), dir.resolve("state")))).start();
        relay = new TcpRelay(agent.port());
        String base = "http://127.0.0.1:" + relay.port() + "/panel/";

        // refused without credentials, page and stream alike
        assertEquals(401, Http.get(relay.port(), "/panel/").statusCode());
        assertEquals(401, Http.get(relay.port(), "/panel/events").statusCode());

        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, o);
        browser.get("http://" + LabAgent.USER + ":" + LabAgent.PASSWORD + "@127.0.0.1:" + relay.port() + "/panel/");
        Await.until(WAIT, () -> attr("#conn", "data-state"), "live", "the stream is live");
        Await.until(WAIT, () -> count("#pbx option"), 2L, "both PBXes in the selector");
        new Select(browser.findElement(By.id("pbx"))).selectByValue("a");
        Await.until(WAIT, () -> attr("#ami", "data-state"), "live", "PBX a live");

        // an extension registering turns its badge online; latency from the simulator event to the DOM
        String ext = "[data-ext='PJSIP/102']";
        simA.world().unregisterEndpoint("102");
        Await.until(WAIT, () -> attr(ext, "data-status"), "offline", "102 offline");
        js("window.__online = 0; new MutationObserver(function () { var b = document.querySelector(\"" + ext
                + "\"); if (b && b.dataset.status === 'online' && !window.__online) { window.__online = Date.now(); } })"
                + ".observe(document.body, {subtree: true, childList: true, attributes: true});");
        long t0 = System.currentTimeMillis();
        simA.world().registerEndpoint("102");
        Await.until(WAIT, () -> ((Number) js("return window.__online;")).longValue() > 0, true, "102 online");
        long latency = ((Number) js("return window.__online;")).longValue() - t0;
        System.out.println("PANEL: extension registration to badge online: " + latency + " ms");
        assertTrue(latency < 5_000, "the badge turned online " + latency + " ms after the event");

        // a call appears with its channel's age, then disappears
        long callStart = System.currentTimeMillis();
        SimCall call = simA.world().startCall("101", "102");
        simA.world().answer(call);
        Await.until(WAIT, () -> count("#calls tr[data-call]"), 2L, "the call's two channels");
        Await.sleep(3000);
        long shown = Long.parseLong(attr("#calls tr[data-channel^='PJSIP/101'] td.dur", "data-seconds"));
        long age = (System.currentTimeMillis() - callStart) / 1000;
        assertTrue(Math.abs(shown - age) <= 2, "duration " + shown + " s, channel age " + age + " s");
        simA.world().hangup(call, 16);
        Await.until(WAIT, () -> count("#calls tr[data-call]"), 0L, "the call gone");

        // a trunk failing shows as failed, and an incident appears
        simA.world().registrationStatus("carrier-reg", "Rejected");
        Await.until(WAIT, () -> count("[data-trunk^='PJSIP/carrier'][data-status='failed']") > 0, true,
                "carrier failed");
        Await.until(WAIT, () -> count("#incidents li[data-object*='a/carrier']") > 0, true, "an incident for it");
        // another PBX's incidents are not listed under this one, but counted
        new Select(browser.findElement(By.id("pbx"))).selectByValue("b");
        Await.until(WAIT, () -> count("#incidents li[data-object*='a/carrier']"), 0L, "a's incident not under b");
        Await.until(WAIT, () -> browser.findElement(By.id("sum-incidents")).getText().contains("on all PBXes"), true,
                "b's summary counts the incidents of all PBXes");
        new Select(browser.findElement(By.id("pbx"))).selectByValue("a");
        Await.until(WAIT, () -> count("#incidents li[data-object*='a/carrier']") > 0, true, "a's incident under a");
        SimCall live = simA.world().startCall("103", "101");
        simA.world().answer(live);
        Await.until(WAIT, () -> count("#calls tr[data-call]"), 2L, "a call for the screenshot");
        Await.sleep(1500);
        Path png = Path.of(System.getProperty("user.dir"), "docs", "panel.png");
        Files.createDirectories(png.getParent());
        Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        // the stream is cut and restored: the page shows it, recovers, and matches /status
        relay.cut(true);
        Await.until(WAIT, () -> attr("#conn", "data-state"), "reconnecting", "the page shows the cut");
        simA.world().hangup(live, 16);
        simA.world().unregisterEndpoint("101"); // changes missed while cut
        Await.sleep(1500);
        relay.cut(false);
        Await.until(WAIT, () -> attr("#conn", "data-state"), "live", "live again after the cut");
        Await.until(WAIT, () -> attr("[data-ext='PJSIP/101']", "data-status"), "offline", "missed change resynced");
        Await.until(WAIT, () -> count("#calls tr[data-call]"), 0L, "missed hangup resynced");
        JsonNode st = status().at("/app/pbx/a");
        assertEquals(st.at("/calls/active").asLong(), Long.parseLong(js(
                "return String(window.panel.state().pbx.a.summary.calls);").toString()), "calls as /status");
        assertEquals(st.at("/calls/channels").asLong(), Long.parseLong(js(
                "return String(window.panel.state().pbx.a.summary.channels);").toString()), "channels as /status");
        for (var t = st.at("/trunks/list").fields(); t.hasNext();) {
            var e = t.next();
            assertEquals(e.getValue().get("state").asText(), js("var t = window.panel.state().pbx.a.trunks[arguments[0]];"
                    + " return t ? t.state : null;", e.getKey()), "trunk " + e.getKey() + " as /status");
        }

        // two PBXes stay independent when one reconnects
        int extsA = ((Number) js("return Object.keys(window.panel.state().pbx.a.extensions).length;")).intValue();
        assertTrue(extsA > 0);
        simB.dropConnections();
        boolean sawBDown = false;
        long end = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < end) {
            Object b = js("var b = window.panel.state().pbx.b; return b ? b.live : null;");
            sawBDown |= Boolean.FALSE.equals(b);
            int now = ((Number) js("var a = window.panel.state().pbx.a; return a && a.extensions ?"
                    + " Object.keys(a.extensions).length : -1;")).intValue();
            assertEquals(extsA, now, "PBX a keeps its extensions while b reconnects");
            if (sawBDown && Boolean.TRUE.equals(b)) {
                break;
            }
            Await.sleep(20);
        }
        assertTrue(sawBDown, "b was seen reconnecting");
        Await.until(WAIT, () -> js("return window.panel.state().pbx.b.live;"), true, "b live again");
        assertEquals(List.of("a", "b"), List.of(js("return Object.keys(window.panel.state().pbx).sort()[0];"),
                js("return Object.keys(window.panel.state().pbx).sort()[1];")));
    }
}
