package io.switchboard.dataedge.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.session.Session;

/**
 * Carries one subscription's events to its session under the subscription's id. Events can
 * arrive before the id is known (an {@code initial} snapshot is delivered while subscribing); they
 * wait here, in order, until it is.
 */
final class SubscriptionChannel {

    private final Session session;
    private List<JsonNode> waiting = new ArrayList<>();
    private String id;

    SubscriptionChannel(Session session) {
        this.session = session;
    }

    synchronized void deliver(JsonNode event) {
        if (id == null) {
            waiting.add(event);
        } else {
            session.publish(id, event);
        }
    }

    /** The subscription exists: sends what waited, then everything as it comes. */
    synchronized void open(String subscriptionId) {
        id = subscriptionId;
        waiting.forEach(event -> session.publish(subscriptionId, event));
        waiting = null;
    }
}
