package io.switchboard.itests.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * Issue 16's bad input for the stats: a StatsD host that does not resolve, a scrape token too short
 * to be a secret, settings out of range. Each is a clear error in the log, and nothing else is
 * disturbed: the runtime is UP and {@code /metrics} answers its administrators.
 */
class StatsBadInputTest {

    private static final String SHORT_TOKEN = "short";

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security")
            .withEtc("io.switchboard.security.cfg", "password.iterations = 10000\n")
            .withEtc("io.switchboard.stats.cfg", "scrapeToken = " + SHORT_TOKEN + "\nstatsdHost = no-such-host.invalid\n"
                    + "statsdPort = 70000\nstatsdIntervalSeconds = 0\nstatsdFlavor = carrier-pigeon\nseriesPerMetricLimit = -1\n");

    @Test
    void eachBadSettingIsAClearErrorAndTheRestRuns() {
        String log = Await.until("the stats' errors in the log", Duration.ofSeconds(30), () -> {
            String current = RUNTIME.process().log();
            return current.contains("does not resolve") ? current : null;
        });
        assertTrue(log.contains("ERROR StatsdPush - stats: the StatsD host \"no-such-host.invalid\" does not resolve"), log);
        assertTrue(log.contains("stats: statsdPort = 70000 is outside 1 to 65535; using 8125"), log);
        assertTrue(log.contains("stats: statsdIntervalSeconds = 0 is outside 1 to 3600; using 10"), log);
        assertTrue(log.contains("stats: statsdFlavor \"carrier-pigeon\" is none of etsy, datadog, telegraf, sysdig; using etsy"), log);
        assertTrue(log.contains("stats: seriesPerMetricLimit = -1 is outside"), log);
        assertTrue(log.contains("stats: scrapeToken is shorter than 16 characters, so it is not used"), log);
        assertFalse(RuntimeProcess.STACK_FRAME.matcher(log).find(), "no stack trace for a bad setting:\n" + log);

        assertEquals(200, RUNTIME.process().http().get("/health").statusCode());
        HttpResponse<String> withShortToken = Scrape.get(RUNTIME.port(), SHORT_TOKEN);
        assertEquals(401, withShortToken.statusCode(), "a token too short is not a scrape token");
        String admin = Http.json(Scrape.login(RUNTIME.port(), "admin", "itest-secret")).path("token").asText();
        HttpResponse<String> metrics = Scrape.get(RUNTIME.port(), admin);
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertTrue(Scrape.present(Scrape.samples(metrics.body()), "switchboard_queue_depth"));
    }
}
