package io.switchboard.subscription.internal;

import static io.switchboard.subscription.internal.Stack.json;
import static io.switchboard.subscription.internal.Stack.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.switchboard.data.Consistency;
import io.switchboard.data.DataEvent;
import io.switchboard.data.WriteOptions;
import io.switchboard.subscription.SubscribeOptions;

/**
 * Several writers, each with its own origin, write numbered documents at random consistency levels
 * while several subscribers listen: every subscriber must get every writer's documents, each
 * once, in the order that writer made them.
 */
class OrderingTest {

    private static final int WRITERS = 4;
    private static final int WRITES = 3_000;
    private static final Consistency[] LEVELS = { Consistency.QUEUED, Consistency.DEFERRED, Consistency.TRANSACTIONAL };

    private final Stack stack = new Stack();

    @AfterEach
    void close() {
        stack.close();
    }

    @Test
    void eachWritersOrderIsKeptForEverySubscriber() throws Exception {
        List<Stack.Recorder> subscribers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Stack.Recorder r = new Stack.Recorder();
            value(stack.subscriptions.on("/order/**", SubscribeOptions.DEFAULTS.withInline(i == 2), r));
            subscribers.add(r);
        }
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String origin = "writer-" + w;
            Random random = new Random(w);
            Thread writer = new Thread(() -> {
                for (int n = 0; n < WRITES; n++) {
                    WriteOptions options = WriteOptions.DEFAULTS.withOrigin(origin).withConsistency(LEVELS[random.nextInt(LEVELS.length)]);
                    // each writer mostly rewrites a few paths of its own, so stores race on the same keys too
                    value(stack.data.set("/order/" + origin + "/" + (n % 5), json("{'n':" + n + "}"), options));
                }
            });
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        for (Stack.Recorder r : subscribers) {
            List<DataEvent> events = r.await(WRITERS * WRITES);
            Map<String, List<Integer>> byWriter = new HashMap<>();
            for (DataEvent e : events) {
                byWriter.computeIfAbsent(e.modifiedBy(), k -> new ArrayList<>()).add(e.data().get("n").intValue());
            }
            assertEquals(WRITERS, byWriter.size());
            for (Map.Entry<String, List<Integer>> entry : byWriter.entrySet()) {
                List<Integer> seen = entry.getValue();
                for (int n = 0; n < WRITES; n++) {
                    assertEquals(n, seen.get(n).intValue(), entry.getKey() + " out of order at " + n);
                }
            }
        }
    }
}
