package io.switchboard.protocol;

import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/** A message the runtime sends to a client: an answer to a request, an error, or a publication. */
public sealed interface Outbound {

    /**
     * The successful answer to the request with this id.
     *
     * @param meta facts about the answer beside its result, written as the frame's {@code meta}
     *             object when not empty: for a component's call, the {@code node} whose instance
     *             answered (since 1.3)
     */
    record Response(JsonNode id, JsonNode result, Map<String, String> meta) implements Outbound {
        public Response {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(result, "result");
            meta = meta == null ? Map.of() : Map.copyOf(meta);
        }

        /** An answer with no metadata. */
        public Response(JsonNode id, JsonNode result) {
            this(id, result, Map.of());
        }
    }

    /**
     * A failed request (id set) or a problem with no request to answer (id {@code null}), with a
     * stable code and a message for people.
     */
    record Error(JsonNode id, String code, String message) implements Outbound {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * An event delivered to a client's subscription.
     *
     * @param channel what the client subscribed to (for data, the subscription id it was given)
     * @param event   the event, as the service that raised it describes it
     */
    record Publication(String channel, JsonNode event) implements Outbound {
        public Publication {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(event, "event");
        }
    }
}
