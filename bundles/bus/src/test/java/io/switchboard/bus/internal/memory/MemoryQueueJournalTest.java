package io.switchboard.bus.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.spi.StoredMessage;

/**
 * What the queue tells its journal when a message is acked: the file driver writes each call to its
 * store, so an ack by the last group is one removal, not a group's mark written and at once removed.
 */
class MemoryQueueJournalTest {

    private final List<String> told = new ArrayList<>();
    private final MemoryQueue queue = new MemoryQueue(TopicSettings.defaults("memory"));

    MemoryQueueJournalTest() {
        queue.journal(new Journal() {
            @Override
            public void removed(long sequence) {
                told.add("removed " + sequence);
            }

            @Override
            public void settled(String group, long sequence) {
                told.add("settled " + group + " " + sequence);
            }
        });
    }

    private long publish() {
        StoredMessage message = new StoredMessage(0, "{}".getBytes(StandardCharsets.UTF_8), 4, null, 0, 0, false, null);
        return queue.append(message, null, 0).sequence();
    }

    @Test
    void anAckByTheOnlyGroupIsOneRemoval() {
        queue.lease("g", "c", 1, 0, 60_000); // makes the group
        long sequence = publish();
        assertEquals(1, queue.lease("g", "c", 1, 0, 60_000).messages().size());

        queue.ack("g", sequence, "c", 0);

        assertEquals(List.of("removed " + sequence), told);
    }

    @Test
    void aGroupsMarkIsWrittenOnlyWhileOtherGroupsStillHaveTheMessage() {
        queue.lease("a", "c", 1, 0, 60_000);
        queue.lease("b", "c", 1, 0, 60_000);
        long sequence = publish();
        queue.lease("a", "c", 1, 0, 60_000);
        queue.lease("b", "c", 1, 0, 60_000);

        queue.ack("a", sequence, "c", 0);
        queue.ack("b", List.of(sequence), "c", 0);

        assertEquals(List.of("settled a " + sequence, "removed " + sequence), told);
    }
}
