package io.switchboard.session;

import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a handler answers a request with: the result, and facts about the answer that the client
 * gets beside it (the frame's {@code meta}), such as the node whose component instance answered a
 * call. See {@link ActionHandler#answer}.
 *
 * @param result the answer's result; null is written as JSON {@code null}
 * @param meta   names and values, none when empty
 * @since 2.2
 */
public record Answer(JsonNode result, Map<String, String> meta) {

    public Answer {
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    /** A result with no metadata: what {@link ActionHandler#handle} answers. */
    public static Answer of(JsonNode result) {
        return new Answer(result, Map.of());
    }

    /** A result with one fact beside it. */
    public static Answer of(JsonNode result, String name, String value) {
        return new Answer(result, Map.of(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
    }
}
