package io.switchboard.client;

import java.time.Duration;

/**
 * How a message is published on the bus: the options of {@code bus.publish} (docs/protocol.md).
 *
 * @param priority 0 to 9, higher first on a priority topic (default 4)
 * @param key      orders messages per key on a FIFO topic; or null
 * @param dedupId  a publish repeated with this id within the topic's window is stored once; or null
 * @param delay    how long until the message becomes visible; or null
 */
public record BusOptions(int priority, String key, String dedupId, Duration delay) {

    public static BusOptions defaults() {
        return new BusOptions(4, null, null, null);
    }

    public BusOptions withPriority(int changed) {
        return new BusOptions(changed, key, dedupId, delay);
    }

    public BusOptions withKey(String changed) {
        return new BusOptions(priority, changed, dedupId, delay);
    }
}
