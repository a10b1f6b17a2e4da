package io.switchboard.mesh.internal.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.switchboard.api.mesh.SubscribeOptions.Delivery;

/**
 * The subscriptions that accept one event, split the way it is delivered: every {@code all}
 * subscription, and the {@code any} subscriptions by group (one of each group gets it).
 */
record Targets(List<SubscriptionRecord> everyone, Map<String, List<SubscriptionRecord>> groups) {

    static final Targets NONE = new Targets(List.of(), Map.of());

    static Targets of(List<SubscriptionRecord> accepting, boolean localOnly) {
        List<SubscriptionRecord> everyone = new ArrayList<>();
        Map<String, List<SubscriptionRecord>> groups = new LinkedHashMap<>();
        for (SubscriptionRecord record : accepting) {
            if (localOnly && !record.subscriber().local()) {
                continue;
            }
            if (record.delivery() == Delivery.ALL) {
                everyone.add(record);
            } else {
                groups.computeIfAbsent(record.group(), g -> new ArrayList<>()).add(record);
            }
        }
        groups.replaceAll((key, members) -> List.copyOf(members));
        return new Targets(List.copyOf(everyone), Map.copyOf(groups));
    }

    boolean isEmpty() {
        return everyone.isEmpty() && groups.isEmpty();
    }

    int size() {
        return everyone.size() + groups.size();
    }
}
