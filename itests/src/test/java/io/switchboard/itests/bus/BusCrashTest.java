package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.TempFolder;

/**
 * {@code kill -9} while publishing and consuming on the file driver: after the restart, every
 * publish that was answered 202 is there (acked before, or delivered now), no message a consumer
 * acked (answered 200) is delivered again, and what was leased but not acked is.
 */
class BusCrashTest {

    private static final Map<String, String> ENV = RuntimeProcess.testEnv("core,edge,security,bus");

    @Test
    void aKilledRuntimeKeepsEveryAckedPublishAndEveryAck() throws Exception {
        try (TempFolder work = TempFolder.create("switchboard-bus-crash")) {
            Path home = work.resolve("home");
            Set<Integer> stored = ConcurrentHashMap.newKeySet();
            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            Set<Integer> leased = ConcurrentHashMap.newKeySet();
            Set<Integer> ackSent = ConcurrentHashMap.newKeySet();
            int port = FreePort.pick();
            try (RuntimeProcess first = RuntimeProcess.start(home, port, ENV).awaitReady()) {
                BusApi admin = BusApi.login(port, "admin", "itest-secret");
                assertEquals("file", admin.topic("crash", "{\"driver\": \"file\", \"ackTimeoutMillis\": 60000}").path("settings").path("driver").asText());
                Thread publisher = new Thread(() -> {
                    try {
                        for (int i = 0; ; i++) {
                            if (admin.post("/api/bus/topics/crash/messages", "{\"i\": " + i + "}").status() == 202) {
                                stored.add(i);
                            }
                        }
                    } catch (RuntimeException gone) {
                        // the runtime was killed
                    }
                });
                Thread consumer = new Thread(() -> {
                    try {
                        while (true) {
                            JsonNode batch = admin.lease("crash", "max=10");
                            batch.forEach(message -> leased.add(message.path("payload").path("i").asInt()));
                            for (JsonNode message : batch) {
                                int value = message.path("payload").path("i").asInt();
                                ackSent.add(value); // from here the ack may have reached the store, answered or not
                                if (admin.ack(message.path("id").asText(), null).status() == 200) {
                                    acked.add(value);
                                }
                            }
                        }
                    } catch (RuntimeException | AssertionError gone) {
                        // the runtime was killed
                    }
                });
                publisher.start();
                consumer.start();
                Await.until("publishes and acks under way", Duration.ofSeconds(60), () -> stored.size() > 300 && acked.size() > 100);
                first.close(); // SIGKILL: no shutdown hook, no close of the store
                publisher.join(30_000);
                consumer.join(30_000);
            }
            int secondPort = FreePort.pick();
            try (RuntimeProcess second = RuntimeProcess.start(home, secondPort, ENV).awaitReady()) {
                BusApi admin = BusApi.login(secondPort, "admin", "itest-secret");
                Set<Integer> delivered = new HashSet<>();
                while (true) {
                    JsonNode messages = admin.lease("crash", "max=500");
                    if (messages.isEmpty()) {
                        break;
                    }
                    for (JsonNode message : messages) {
                        delivered.add(message.path("payload").path("i").asInt());
                        admin.ack(message.path("id").asText(), null);
                    }
                }
                Set<Integer> again = new HashSet<>(delivered);
                again.retainAll(acked);
                assertTrue(again.isEmpty(), "acked before the crash, delivered again: " + again);
                // The consumer acks one message at a time, so at most one ack was in flight at the kill:
                // it may have reached the store without its answer reaching the consumer.
                Set<Integer> ackInFlight = new HashSet<>(ackSent);
                ackInFlight.removeAll(acked);
                assertTrue(ackInFlight.size() <= 1, "acks sent and not answered 200: " + ackInFlight);
                Set<Integer> lost = new HashSet<>(stored);
                lost.removeAll(acked);
                lost.removeAll(ackInFlight);
                lost.removeAll(delivered);
                assertTrue(lost.isEmpty(), "answered 202 and lost: " + lost);
                Set<Integer> neverAcked = new HashSet<>(leased);
                neverAcked.removeAll(ackSent);
                assertTrue(delivered.containsAll(neverAcked), "leased and never acked: delivered again");
                assertTrue(delivered.size() > 0 || stored.size() == acked.size(), "something was left to deliver, or everything had been acked");
                assertEquals(0, second.stop());
            }
        }
    }
}
