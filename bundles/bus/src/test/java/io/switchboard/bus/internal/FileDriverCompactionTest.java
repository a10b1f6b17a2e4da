package io.switchboard.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.switchboard.bus.Discipline;
import io.switchboard.bus.Overflow;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.internal.file.FileDriver;
import io.switchboard.bus.spi.StoredMessage;
import io.switchboard.bus.spi.TopicQueue;

/** The file driver's file stays bounded by what is stored: 40 MB of messages published and acked leave a small file. */
class FileDriverCompactionTest {

    private static final long T0 = 1_000_000;

    @TempDir
    Path folder;

    @Test
    void publishingAndAckingFortyMegabytesLeavesASmallFile() {
        File file = new File(folder.toFile(), "bus.mv.db");
        FileDriver driver = new FileDriver(file, false, 2000);
        byte[] payload = new byte[1024];
        Arrays.fill(payload, (byte) '7');
        try {
            TopicQueue queue = driver.open("big", new TopicSettings(Discipline.FIFO, "file", 1_000_000, Overflow.REJECT, 0, 30_000, 3, null, 0));
            queue.lease("g", "c", 1, T0, T0 + 1); // the group exists before the messages
            for (int round = 0; round < 400; round++) {
                for (int i = 0; i < 100; i++) {
                    queue.append(new StoredMessage(0, payload, 4, null, T0, T0, false, Map.of()), null, T0);
                }
                for (TopicQueue.Lease lease : queue.lease("g", "c", 100, T0, T0 + 1000).messages()) {
                    assertEquals(TopicQueue.Settled.DONE, queue.ack("g", lease.message().sequence(), "c", T0));
                }
            }
            assertEquals(0, queue.stats(T0).depth());
        } finally {
            driver.close();
        }
        long size = file.length();
        assertTrue(size < 8L * 1024 * 1024, "the file holds nothing but is " + size / 1024 + " KB after 40 MB went through");
    }
}
