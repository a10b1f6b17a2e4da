package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event delivered to a subscription (docs/protocol.md, "Data actions").
 *
 * @param action {@code set} or {@code remove}
 * @param path   the changed path (for a remove, the removed path or pattern)
 * @param data   the document (for a remove, {@code {"removed": n}})
 * @param meta   path, created, modified, modifiedBy, version, initial, the writer's custom meta
 */
public record RemoteEvent(String action, String path, JsonNode data, ObjectNode meta) {

    /** Whether this event is one of the current documents sent for an {@code initial} subscription. */
    public boolean initial() {
        return meta != null && meta.path("initial").asBoolean(false);
    }
}
