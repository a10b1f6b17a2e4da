package io.switchboard.bus.internal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.switchboard.bus.Discipline;
import io.switchboard.bus.Overflow;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.spi.StoredMessage;
import io.switchboard.bus.spi.TopicQueue;
import io.switchboard.system.durability.GroupCommit;

/**
 * A message is leased only once the commit that holds it has finished: otherwise a consumer could
 * take a message that a {@code kill -9} during the commit then loses (BusCrashTest saw it).
 */
class FileQueueDurableLeaseTest {

    private static final long T0 = 1_000_000;

    private final MVStore store = new MVStore.Builder().open(); // in memory: the commit is what the test holds
    private final CountDownLatch commitStarted = new CountDownLatch(1);
    private final CountDownLatch releaseCommit = new CountDownLatch(1);
    private final GroupCommit heldCommit = new GroupCommit(() -> {
        commitStarted.countDown();
        try {
            releaseCommit.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.commit();
    });

    @AfterEach
    void close() {
        releaseCommit.countDown();
        store.close();
    }

    private static StoredMessage message(String text) {
        return new StoredMessage(0, text.getBytes(StandardCharsets.UTF_8), 4, null, T0, T0, false, Map.of());
    }

    private static List<String> payloads(TopicQueue.Leased leased) {
        return leased.messages().stream().map(lease -> new String(lease.message().payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void aPublishIsLeasedOnlyAfterItsCommitAndItsTwinWaitsForTheSameCommit() throws Exception {
        for (Discipline discipline : Discipline.values()) {
            FileQueue queue = new FileQueue(store, heldCommit, "t-" + discipline, new TopicSettings(discipline, "file", 100, Overflow.REJECT, 0, 30_000, 3, null, 60_000), T0);
            if (discipline != Discipline.FIFO) {
                // the commit of the first topic is released: later ones are not held
                assertEquals(List.of(), payloads(queue.lease("g", "c", 10, T0, T0 + 1000)));
                queue.append(message("free"), null, T0);
                assertEquals(List.of("free"), payloads(queue.lease("g", "c", 10, T0, T0 + 1000)), discipline.name());
                continue;
            }
            queue.lease("g", "c", 1, T0, T0 + 1000); // the group exists before the message
            CompletableFuture<TopicQueue.Appended> publish = CompletableFuture.supplyAsync(() -> queue.append(message("one"), "dedup-1", T0));
            assertTrue(commitStarted.await(30, TimeUnit.SECONDS), "the publish reached its commit");
            assertEquals(List.of(), payloads(queue.lease("g", "c", 10, T0, T0 + 1000)), "not leased while its commit runs");
            assertEquals(1, queue.stats(T0).depth(), "but stored, and counted");
            CompletableFuture<TopicQueue.Appended> twin = CompletableFuture.supplyAsync(() -> queue.append(message("one"), "dedup-1", T0));
            assertFalse(publish.isDone(), "a publish is answered only once committed");
            releaseCommit.countDown();
            long sequence = publish.get(30, TimeUnit.SECONDS).sequence();
            TopicQueue.Appended duplicate = twin.get(30, TimeUnit.SECONDS);
            assertTrue(duplicate.duplicate());
            assertEquals(sequence, duplicate.sequence());
            assertEquals(List.of("one"), payloads(queue.lease("g", "c", 10, T0, T0 + 1000)), "leased once committed");
        }
    }
}
