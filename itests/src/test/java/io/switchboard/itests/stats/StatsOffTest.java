package io.switchboard.itests.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/** {@code enabled = false}: no {@code /metrics}, and the runtime's bundles work as they do without the stats service. */
class StatsOffTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security")
            .withEtc("io.switchboard.security.cfg", "password.iterations = 10000\n")
            .withEtc("io.switchboard.stats.cfg", "enabled = false\n");

    @Test
    void thereIsNoMetricsEndpointAndSessionsDataAndLoginsWorkAsBefore() {
        String admin = Http.json(Scrape.login(RUNTIME.port(), "admin", "itest-secret")).path("token").asText();
        HttpResponse<String> metrics = Scrape.get(RUNTIME.port(), admin);
        assertEquals(404, metrics.statusCode(), metrics.body());
        assertEquals("http.not-found", Http.json(metrics).path("error").path("code").asText());

        try (WireClient client = WireClient.connect(RUNTIME.port())) {
            client.ok("login", WireClient.object().put("username", "admin").put("password", "itest-secret"));
            client.ok("set", WireClient.object().put("path", "/off/a").set("data", WireClient.json("{\"v\":1}")));
            assertEquals(1, client.ok("get", WireClient.object().put("path", "/off/a")).path("data").path("v").asInt(),
                    "data works without the stats service");
        }
    }
}
