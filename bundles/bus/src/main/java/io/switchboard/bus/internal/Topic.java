package io.switchboard.bus.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.spi.TopicQueue;

/** A topic as the bus holds it: its settings, its queue on its driver (null while the driver is away), numbers and watchers. */
final class Topic {

    /** The most consumers remembered per group for the numbers; keyed by who leases, so bounded. */
    private static final int MAX_CONSUMERS = 1_000;
    private static final long CONSUMER_SEEN_MILLIS = 60_000;

    final String name;
    volatile TopicSettings settings;
    volatile TopicQueue queue;
    /** Whether the last sweep of this topic failed (logged once per outage). */
    volatile boolean sweepFailing;
    final Rate published = new Rate();
    final Rate acked = new Rate();
    final Set<Runnable> watchers = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, Long>> consumers = new ConcurrentHashMap<>();

    Topic(String name, TopicSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    void seen(String group, String consumer, long now) {
        Map<String, Long> seen = consumers.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        if (seen.size() >= MAX_CONSUMERS && !seen.containsKey(consumer)) {
            forgetOld(seen, now);
            if (seen.size() >= MAX_CONSUMERS) {
                return;
            }
        }
        seen.put(consumer, now);
    }

    /** Whether a consumer of the group leased here before: the group exists, so its lease needs no check of the groups' number. */
    boolean knows(String group) {
        return consumers.containsKey(group);
    }

        int consumers(String group, long now) {
        Map<String, Long> seen = consumers.get(group);
        if (seen == null) {
            return 0;
        }
        forgetOld(seen, now);
        return seen.size();
    }

    private static void forgetOld(Map<String, Long> seen, long now) {
        for (Iterator<Long> at = seen.values().iterator(); at.hasNext();) {
            if (now - at.next() > CONSUMER_SEEN_MILLIS) {
                at.remove();
            }
        }
    }

    void wake() {
        watchers.forEach(Runnable::run);
    }
}
