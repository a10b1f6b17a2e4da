package io.switchboard.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.switchboard.bus.Discipline;
import io.switchboard.bus.Overflow;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.internal.file.FileDriver;
import io.switchboard.bus.spi.StoredMessage;
import io.switchboard.bus.spi.TopicQueue;

/** What the file driver brings back when it opens its file again: stored messages, what each group settled, dead letters, dedup ids. */
class FileDriverRestartTest {

    private static final long T0 = 1_000_000;
    private static final TopicSettings SETTINGS = new TopicSettings(Discipline.FIFO, "file", 1000, Overflow.REJECT, 0, 30_000, 2, null, 60_000);

    @TempDir
    Path folder;

    private static StoredMessage message(int n) {
        return new StoredMessage(0, Integer.toString(n).getBytes(StandardCharsets.UTF_8), 4, null, T0, T0, false, Map.of("n", Integer.toString(n)));
    }

    private static List<Integer> values(TopicQueue.Leased leased) {
        return leased.messages().stream().map(lease -> Integer.parseInt(new String(lease.message().payload(), StandardCharsets.UTF_8))).toList();
    }

    @Test
    void ackedMessagesStayAckedUnackedComeBackAndDeadLettersAndDedupIdsAreKept() {
        File file = new File(folder.toFile(), "bus.mv.db");
        FileDriver driver = new FileDriver(file, false, 0);
        TopicQueue queue = driver.open("orders", SETTINGS);
        queue.lease("billing", "c", 1, T0, T0 + 10); // the group exists before the messages
        for (int i = 0; i < 6; i++) {
            queue.append(message(i), i == 5 ? "dedup-5" : null, T0);
        }
        TopicQueue.Leased leased = queue.lease("billing", "c", 4, T0, T0 + 1000);
        assertEquals(List.of(0, 1, 2, 3), values(leased));
        queue.ack("billing", leased.messages().get(0).message().sequence(), "c", T0 + 1);
        queue.ack("billing", leased.messages().get(1).message().sequence(), "c", T0 + 1);
        queue.lease("billing", "c", 10, T0 + 1000, T0 + 1001); // 2 and 3 again, then 4 and 5 (2nd and 1st deliveries)
        List<TopicQueue.Dead> died = queue.expire(T0 + 1001);
        assertEquals(2, died.size(), "2 and 3 ran out of deliveries");
        driver.close(); // as after kill -9, no lease survives: but what was committed does

        FileDriver reopened = new FileDriver(file, false, 0);
        try {
            TopicQueue again = reopened.open("orders", SETTINGS);
            assertEquals(List.of(4, 5), values(again.lease("billing", "c", 10, T0 + 2000, T0 + 3000)), "acked and dead ones do not come back");
            assertEquals(2, again.deadLetters(10).size());
            assertEquals("max-deliveries", again.deadLetters(10).get(0).reason());
            assertTrue(again.append(message(5), "dedup-5", T0 + 2000).duplicate(), "the dedup id is remembered");
            assertEquals(List.of(4, 5), values(again.lease("late", "c", 10, T0 + 2000, T0 + 3000)), "a group made now gets what is still stored");
            assertEquals(2, again.redrive(null, T0 + 3000), "both dead letters are re-driven");
        } finally {
            reopened.close();
        }
        FileDriver third = new FileDriver(file, false, 0);
        try {
            TopicQueue queue3 = third.open("orders", SETTINGS);
            assertEquals(0, queue3.deadLetters(10).size(), "a re-drive is kept");
            assertEquals(List.of(2, 3), values(queue3.lease("billing", "c", 2, T0 + 4000, T0 + 5000)), "the re-driven come back first, in order");
        } finally {
            third.close();
        }
    }

    @Test
    void aFailureToldByANackOutlivesARestartAndReachesTheDeadLetter() {
        File file = new File(folder.toFile(), "bus.mv.db");
        FileDriver driver = new FileDriver(file, false, 0);
        TopicQueue queue = driver.open("hooks", SETTINGS);
        long sequence = queue.append(message(1), null, T0).sequence();
        queue.lease("g", "c", 1, T0, T0 + 1000);
        queue.nack("g", sequence, "c", T0 + 1, T0, new TopicQueue.Failure(502, "the callback answered 502"));
        queue.lease("g", "c", 1, T0 + 1, T0 + 1000);
        queue.nack("g", sequence, "c", T0 + 500, T0 + 2, new TopicQueue.Failure(0, "no answer within 10000 ms (callbackTimeoutMillis)"));
        driver.close(); // its last delivery failed; it dies when its back-off is over, after the restart

        FileDriver reopened = new FileDriver(file, false, 0);
        try {
            TopicQueue again = reopened.open("hooks", SETTINGS);
            assertEquals(1, again.expire(T0 + 500).size());
            assertEquals(new TopicQueue.Failure(0, "no answer within 10000 ms (callbackTimeoutMillis)"), again.deadLetter(sequence).orElseThrow().last());
        } finally {
            reopened.close();
        }
        FileDriver third = new FileDriver(file, false, 0);
        try {
            assertEquals("no answer within 10000 ms (callbackTimeoutMillis)", third.open("hooks", SETTINGS).deadLetter(sequence).orElseThrow().last().error(),
                    "the dead letter keeps it on disk");
        } finally {
            third.close();
        }
    }
}
