package io.switchboard.cluster.internal.call;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the events that crossed between this node and the others: payloads (one per emission and
 * node) and the recipients they named. {@code GET /api/cluster/members} shows them, so that one
 * payload per node, and none to a node without a matching subscription, can be seen from outside.
 */
public final class EventTraffic {

    private final LongAdder payloadsSent = new LongAdder();
    private final LongAdder recipientsSent = new LongAdder();
    private final LongAdder payloadsReceived = new LongAdder();
    private final LongAdder recipientsReceived = new LongAdder();

    void sent(int recipients) {
        payloadsSent.increment();
        recipientsSent.add(recipients);
    }

    void received(int recipients) {
        payloadsReceived.increment();
        recipientsReceived.add(recipients);
    }

    /** The counts since the node started. */
    public Map<String, Long> snapshot() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("payloadsSent", payloadsSent.sum());
        counts.put("recipientsSent", recipientsSent.sum());
        counts.put("payloadsReceived", payloadsReceived.sum());
        counts.put("recipientsReceived", recipientsReceived.sum());
        return counts;
    }
}
