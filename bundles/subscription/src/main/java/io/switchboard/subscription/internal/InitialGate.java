package io.switchboard.subscription.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.switchboard.data.DataEvent;
import io.switchboard.data.Item;
import io.switchboard.publisher.Delivery;

/**
 * Joins a subscription's snapshot and its live events without a gap or a repeat.
 *
 * <p>The subscription is registered before the snapshot is read, so no change is missed; live
 * events wait here until the snapshot has been handed over. From then on an event is passed on
 * only if the snapshot does not already reflect it: a snapshot document at the same or a newer
 * version means the event is old. Events for paths the snapshot does not contain are always passed
 * on (a remove of such a path may then reach a subscriber that never saw the document).
 */
final class InitialGate {

    private record Pending(DataEvent event, Delivery delivery) {
    }

    private List<Pending> waiting = new ArrayList<>();
    private Map<String, Long> versions;
    private long newest;

    synchronized void offer(DataEvent event, Delivery delivery, Subscriber subscriber) {
        if (waiting != null) {
            waiting.add(new Pending(event, delivery));
        } else if (isNew(event)) {
            subscriber.invoke(event, delivery);
        } else {
            delivery.acknowledge();
        }
    }

    synchronized void open(List<Item> snapshot, Subscriber subscriber) {
        versions = new HashMap<>(Math.max(16, snapshot.size() * 2));
        for (Item item : snapshot) {
            long version = item.meta().version();
            versions.put(item.path(), version);
            newest = Math.max(newest, version);
            subscriber.invoke(DataEvent.initial(item), Delivery.UNTRACKED); // no writer waits for the snapshot
        }
        List<Pending> held = waiting;
        waiting = null;
        for (Pending pending : held) {
            offer(pending.event(), pending.delivery(), subscriber);
        }
    }

    /** Whether events still need checking against the snapshot (false once open with an empty one). */
    synchronized boolean filters() {
        return versions == null || !versions.isEmpty();
    }

    private boolean isNew(DataEvent event) {
        if (event.version() > newest) {
            return true;
        }
        if (event.action() == DataEvent.Action.SET) {
            return newer(event.path(), event.version());
        }
        for (String path : event.removedPaths()) {
            if (newer(path, event.version())) {
                return true;
            }
        }
        return false;
    }

    private boolean newer(String path, long version) {
        Long seen = versions.get(path);
        return seen == null || version > seen;
    }
}
