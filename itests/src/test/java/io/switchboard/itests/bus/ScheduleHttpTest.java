package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.TempFolder;

/** Schedules through a real runtime: made, read with next fire times, firing, paused, resumed, deleted, and alive after a restart. */
class ScheduleHttpTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus");

    private static BusApi admin() {
        return BusApi.login(RUNTIME.port(), "admin", "itest-secret");
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    private static long fired(BusApi api, String schedule) {
        BusApi.Answer read = api.get("/api/bus/schedules/" + schedule);
        assertEquals(200, read.status(), read.toString());
        return read.body().path("fired").asLong();
    }

    @Test
    void aScheduleIsMadeReadFiresIsPausedResumedAndDeleted() {
        BusApi admin = admin();
        String topic = unique("ticks");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        String name = unique("every-second");
        BusApi.Answer made = admin.put("/api/bus/schedules/" + name,
                "{\"cron\": \"* * * * * *\", \"topic\": \"" + topic + "\", \"payload\": {\"tick\": true}, \"headers\": {\"kind\": \"tick\"}}");
        assertEquals(201, made.status(), made.toString());
        List<Instant> next = new ArrayList<>();
        made.body().path("nextFireTimes").forEach(time -> next.add(Instant.parse(time.asText())));
        assertEquals(5, next.size());
        for (int i = 1; i < next.size(); i++) {
            assertEquals(Duration.ofSeconds(1), Duration.between(next.get(i - 1), next.get(i)));
        }
        assertEquals(3, admin.get("/api/bus/schedules/" + name + "?next=3").body().path("nextFireTimes").size());

        JsonNode message = Await.until("a firing", Duration.ofSeconds(20), () -> {
            JsonNode leased = admin.lease(topic, "");
            return leased.size() > 0 ? leased.get(0) : null;
        });
        assertEquals(true, message.path("payload").path("tick").asBoolean());
        assertEquals(name, message.path("headers").path("Bus-Schedule").asText());
        assertEquals("tick", message.path("headers").path("kind").asText());
        Instant due = Instant.parse(message.path("headers").path("Bus-Schedule-Due").asText());
        assertTrue(message.path("publishedAt").asLong() >= due.toEpochMilli(), "never fired before its due time");

        boolean listed = false;
        for (JsonNode schedule : admin.get("/api/bus/schedules").body().path("schedules")) {
            listed |= schedule.path("name").asText().equals(name);
        }
        assertTrue(listed);

        // paused: it stays still while a second schedule on the same topic fires twice
        BusApi.Answer paused = admin.post("/api/bus/schedules/" + name + "/pause", null);
        assertEquals("paused", paused.body().path("state").asText(), paused.toString());
        long firedWhenPaused = paused.body().path("fired").asLong();
        String witness = unique("witness");
        assertEquals(201, admin.put("/api/bus/schedules/" + witness, "{\"cron\": \"* * * * * *\", \"topic\": \"" + topic + "\", \"payload\": 0}").status());
        Await.until("the witness fires twice", Duration.ofSeconds(20), () -> fired(admin, witness) >= 2);
        assertEquals(firedWhenPaused, fired(admin, name), "a paused schedule does not fire");

        BusApi.Answer resumed = admin.post("/api/bus/schedules/" + name + "/resume", null);
        assertEquals("active", resumed.body().path("state").asText());
        Await.until("firing again after resume", Duration.ofSeconds(20), () -> fired(admin, name) > firedWhenPaused);

        assertEquals(200, admin.delete("/api/bus/schedules/" + name).status());
        assertEquals(200, admin.delete("/api/bus/schedules/" + witness).status());
        assertEquals("bus.unknown-schedule", admin.get("/api/bus/schedules/" + name).code());
    }

    @Test
    void aOneShotDeliverAtPublishesOnceAndIsGone() {
        BusApi admin = admin();
        String topic = unique("later");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        String name = unique("once");
        String at = Instant.now().plusMillis(500).toString();
        assertEquals(201, admin.put("/api/bus/schedules/" + name, "{\"deliverAt\": \"" + at + "\", \"topic\": \"" + topic + "\", \"payload\": 7}").status());
        JsonNode message = Await.until("the one-shot", Duration.ofSeconds(20), () -> {
            JsonNode leased = admin.lease(topic, "");
            return leased.size() > 0 ? leased.get(0) : null;
        });
        assertEquals(7, message.path("payload").asInt());
        Await.until("the one-shot is removed", Duration.ofSeconds(10), () -> admin.get("/api/bus/schedules/" + name).status() == 404);
    }

    @Test
    void badInputGetsItsCodeAndNothingIsMade() {
        BusApi admin = admin();
        String topic = unique("bad");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        String name = unique("bad");
        Map<String, String> cases = Map.of(
                "{\"cron\": \"not a cron\", \"topic\": \"" + topic + "\", \"payload\": 1}", "bus.invalid-cron",
                "{\"cron\": \"0 0 31 2 *\", \"topic\": \"" + topic + "\", \"payload\": 1}", "bus.invalid-cron",
                "{\"cron\": \"* * * * *\", \"zone\": \"Atlantis/Capital\", \"topic\": \"" + topic + "\", \"payload\": 1}", "bus.invalid-zone",
                "{\"cron\": \"* * * * *\", \"topic\": \"" + topic + "\"}", "bus.invalid-schedule",
                "{\"cron\": \"* * * * *\", \"topic\": \"no-such-topic-here\", \"payload\": 1}", "bus.unknown-topic",
                "[1, 2]", "bus.invalid-schedule",
                "{\"cron\": ", "bus.not-json");
        cases.forEach((body, code) -> assertEquals(code, admin.put("/api/bus/schedules/" + name, body).code(), body));
        assertEquals("bus.invalid-schedule", admin.put("/api/bus/schedules/" + "bad%20name", "{}").code());
        assertEquals("bus.unknown-schedule", admin.get("/api/bus/schedules/" + name).code());
        assertEquals("bus.unauthenticated", BusApi.anonymous(RUNTIME.port()).get("/api/bus/schedules").code());
    }

    @Test
    void schedulesSurviveARestartAndAFiringMissedWhileDownIsMadeUpOnce() throws Exception {
        try (TempFolder work = TempFolder.create("switchboard-schedules")) {
            Path home = work.resolve("home");
            Map<String, String> env = RuntimeProcess.testEnv("core,edge,security,bus");
            String topic = "restart-ticks";
            String name = "minutely";
            int port = FreePort.pick();
            long firedBefore;
            try (RuntimeProcess first = RuntimeProcess.start(home, port, env).awaitReady()) {
                BusApi admin = BusApi.login(port, "admin", "itest-secret");
                admin.topic(topic, "{\"driver\": \"file\"}");
                assertEquals(201, admin.put("/api/bus/schedules/" + name, "{\"cron\": \"* * * * * *\", \"topic\": \"" + topic + "\", \"payload\": 1}").status());
                Await.until("a firing before the stop", Duration.ofSeconds(20), () -> fired(admin, name) >= 1);
                assertEquals(0, first.stop());
                firedBefore = -1;
            }
            int secondPort = FreePort.pick();
            try (RuntimeProcess second = RuntimeProcess.start(home, secondPort, env).awaitReady()) {
                BusApi admin = BusApi.login(secondPort, "admin", "itest-secret");
                BusApi.Answer read = admin.get("/api/bus/schedules/" + name);
                assertEquals(200, read.status(), read.toString());
                assertEquals("active", read.body().path("state").asText());
                firedBefore = read.body().path("fired").asLong();
                long atStart = firedBefore;
                Await.until("firing after the restart", Duration.ofSeconds(20), () -> fired(admin, name) > atStart);
                // every due time is stored at most once, across the restart
                List<String> dues = new ArrayList<>();
                for (JsonNode batch = admin.lease(topic, "max=1000"); batch.size() > 0; batch = admin.lease(topic, "max=1000")) {
                    batch.forEach(message -> dues.add(message.path("headers").path("Bus-Schedule-Due").asText()));
                }
                assertEquals(dues.size(), dues.stream().distinct().count(), "no due time twice: " + dues);
                assertEquals(0, second.stop());
            }
        }
    }
}
