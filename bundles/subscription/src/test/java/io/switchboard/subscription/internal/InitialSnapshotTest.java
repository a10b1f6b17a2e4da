package io.switchboard.subscription.internal;

import static io.switchboard.subscription.internal.Stack.json;
import static io.switchboard.subscription.internal.Stack.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import io.switchboard.data.DataEvent;
import io.switchboard.data.WriteOptions;
import io.switchboard.subscription.SubscribeOptions;

class InitialSnapshotTest {

    private final Stack stack = new Stack();

    @AfterEach
    void close() {
        stack.close();
    }

    @Test
    void currentDocumentsComeFirstInModifiedOrderThenLiveEvents() throws Exception {
        value(stack.data.set("/i/a", json("{'n':1}")));
        value(stack.data.set("/i/b", json("{'n':2}")));
        value(stack.data.set("/i/a", json("{'n':3}")));
        value(stack.data.set("/i/deeper/x", json("{'n':4}")));
        Stack.Recorder r = new Stack.Recorder();
        value(stack.subscriptions.on("/i/*", SubscribeOptions.DEFAULTS.withInitial(true), r));
        assertEquals(2, r.events.size(), "the snapshot has been handed over when on() resolves");
        value(stack.data.set("/i/c", json("{'n':5}")));
        List<DataEvent> events = r.await(3);
        assertEquals(List.of("/i/b", "/i/a", "/i/c"), events.stream().map(DataEvent::path).toList());
        assertEquals(List.of(true, true, false), events.stream().map(DataEvent::initial).toList());
        assertEquals(json("{'n':3}"), events.get(1).data());
    }

    @Test
    void depthAppliesToTheSnapshotToo() throws Exception {
        value(stack.data.set("/dd/1", json("{}")));
        value(stack.data.set("/dd/1/2/3", json("{}")));
        Stack.Recorder r = new Stack.Recorder();
        value(stack.subscriptions.on("/dd/**", SubscribeOptions.DEFAULTS.withInitial(true).withDepth(1), r));
        assertEquals(List.of("/dd/1"), r.paths());
    }

    /**
     * A writer keeps changing 20 documents while a subscriber joins with {@code initial}: for every
     * document the subscriber must see each change after the one it first saw, once, in order.
     */
    @RepeatedTest(5)
    void noGapAndNoRepeatBetweenSnapshotAndLiveStream() throws Exception {
        int paths = 20;
        int writes = 20_000;
        CountDownLatch halfway = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < writes; i++) {
                value(stack.data.set("/race/" + (i % paths), json("{'n':" + i + "}"), WriteOptions.DEFAULTS.withOrigin("writer")));
                if (i == writes / 4) {
                    halfway.countDown();
                }
            }
        });
        writer.start();
        halfway.await();
        Stack.Recorder r = new Stack.Recorder();
        value(stack.subscriptions.on("/race/*", SubscribeOptions.DEFAULTS.withInitial(true), r));
        writer.join();
        // the last write to each path must arrive; wait for it via a marker document
        Stack.Recorder marker = new Stack.Recorder();
        value(stack.subscriptions.on("/race/*", SubscribeOptions.DEFAULTS, marker));
        value(stack.data.set("/race/end", json("{'n':-1}"), WriteOptions.DEFAULTS.withOrigin("writer")));
        marker.await(1);
        r.await(1);
        waitFor(r, "/race/end");

        Map<String, List<Integer>> seen = new HashMap<>();
        boolean sawInitial = false;
        for (DataEvent e : r.events) {
            sawInitial |= e.initial();
            if (!e.path().equals("/race/end")) {
                seen.computeIfAbsent(e.path(), k -> new ArrayList<>()).add(e.data().get("n").intValue());
            }
        }
        assertTrue(sawInitial);
        assertEquals(paths, seen.size());
        for (Map.Entry<String, List<Integer>> entry : seen.entrySet()) {
            List<Integer> values = entry.getValue();
            for (int i = 1; i < values.size(); i++) {
                assertEquals(values.get(i - 1) + paths, values.get(i), entry.getKey() + " skipped or repeated a change: " + values);
            }
            assertEquals(writes - paths + Integer.parseInt(entry.getKey().substring(6)), values.get(values.size() - 1), entry.getKey() + " missed its last change");
        }
        assertFalse(r.events.stream().anyMatch(e -> e.initial() && e.path().equals("/race/end")));
    }

    private static void waitFor(Stack.Recorder r, String path) throws InterruptedException {
        int n = 1;
        while (r.paths().stream().noneMatch(path::equals)) {
            r.await(++n);
        }
    }
}
