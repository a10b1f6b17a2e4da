package io.switchboard.protocol;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One request from a client.
 *
 * @param id     the client's id for the request, echoed in the answer unchanged (a number or a string)
 * @param action what to do, for example {@code set} or {@code on}
 * @param params the action's fields, as sent
 */
public record Request(JsonNode id, String action, ObjectNode params) {

    public Request {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(params, "params");
    }

    /** A new request with other parameters, for layers that change what passes. */
    public Request withParams(ObjectNode changed) {
        return new Request(id, action, changed);
    }
}
