package io.switchboard.itests.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 13 item 3: the seed's {@code system} queue carries its work, the cleanup after a session
 * ends. Clients subscribe over raw frames and go; their subscriptions end, and the system queue's
 * completed tasks, read from {@code GET /metrics} as an operator reads them, count one cleanup per
 * session (it carried none before).
 */
class SystemQueueCleanupTest {

    private static final String SCRAPE_TOKEN = "scrape-token-for-the-system-queue-itest";
    private static final int SESSIONS = 5;

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge")
            .withEtc("io.switchboard.stats.cfg", "scrapeToken = " + SCRAPE_TOKEN + "\n");

    private static Map<String, Double> scrape() {
        HttpResponse<String> metrics = Scrape.get(RUNTIME.port(), SCRAPE_TOKEN);
        assertEquals(200, metrics.statusCode(), metrics.body());
        return Scrape.samples(metrics.body());
    }

    private static double systemTasksCompleted(Map<String, Double> samples) {
        return Scrape.value(samples, "switchboard_queue_tasks_completed_total", "queue=\"system\"");
    }

    @Test
    void aSessionsEndIsCleanedUpOnTheSystemQueue() {
        Map<String, Double> before = scrape();
        double subscriptionsBefore = Scrape.value(before, "switchboard_data_subscriptions");
        List<RawWebSocket> clients = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1");
            ws.sendText("{\"id\":0,\"action\":\"handshake\"}");
            assertTrue(WireClient.json(ws.readText()).has("result"));
            ws.sendText("{\"id\":1,\"action\":\"on\",\"path\":\"/cleanup/" + i + "/**\"}");
            assertTrue(WireClient.json(ws.readText()).path("result").has("subscription"));
            clients.add(ws);
        }
        assertEquals(subscriptionsBefore + SESSIONS, Scrape.value(scrape(), "switchboard_data_subscriptions"));

        clients.forEach(RawWebSocket::close);

        Map<String, Double> after = Await.until("the sessions' subscriptions end", Duration.ofSeconds(30), () -> {
            Map<String, Double> samples = scrape();
            return Scrape.value(samples, "switchboard_data_subscriptions") == subscriptionsBefore ? samples : null;
        });
        assertTrue(systemTasksCompleted(after) >= systemTasksCompleted(before) + SESSIONS,
                "one cleanup per session on the system queue: " + systemTasksCompleted(before) + " -> " + systemTasksCompleted(after));
    }
}
