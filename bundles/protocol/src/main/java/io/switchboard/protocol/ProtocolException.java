package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.errors.SwitchboardException;

/**
 * A frame that cannot be understood. It carries the request id when the frame got far enough to
 * have one, so the client can match the error to its request.
 */
public final class ProtocolException extends SwitchboardException {

    private static final long serialVersionUID = 1L;

    private final transient JsonNode requestId;

    public ProtocolException(String code, String message, JsonNode requestId) {
        super(code, message);
        this.requestId = requestId;
    }

    /** The id of the request the frame was, or {@code null} when it could not be read. */
    public JsonNode requestId() {
        return requestId;
    }
}
