package io.switchboard.bus.internal.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.protocol.JsonInput;
import io.switchboard.system.http.ErrorResponses;
import io.switchboard.system.http.RequestBodies;
import io.switchboard.system.json.JsonLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Reading bodies and writing answers of the bus's HTTP API; errors in the JSON error format with {@link BusErrors#httpStatus}. */
final class HttpIo {

    static final ObjectMapper JSON = new ObjectMapper(JsonLimits.factory());
    private static final JsonInput.Codes CODES = new JsonInput.Codes(BusErrors.NOT_JSON, BusErrors.TOO_DEEP);

    private HttpIo() {
    }

    /** The body as JSON, up to {@code maxBytes}; valid UTF-8, one value, within the runtime's JSON limits. */
    static JsonNode json(HttpServletRequest request, int maxBytes, String what) throws IOException {
        return json(request, maxBytes, what, "maxPayloadBytes");
    }

    /** {@link #json(HttpServletRequest, int, String)} bounded by another setting, which a refusal names. */
    static JsonNode json(HttpServletRequest request, int maxBytes, String what, String setting) throws IOException {
        return json(bytes(request, maxBytes, setting), what);
    }

    /** A body read before as JSON: not empty, one value, within the runtime's JSON limits. */
    static JsonNode json(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw new SwitchboardException(BusErrors.NOT_JSON, "the request body is empty; send " + what + " as JSON");
        }
        return JsonInput.read(bytes, what, CODES);
    }

    /** The body as JSON, or null when there is none. */
    static JsonNode optionalJson(HttpServletRequest request, int maxBytes, String what) throws IOException {
        byte[] bytes = bytes(request, maxBytes);
        return bytes.length == 0 ? null : JsonInput.read(bytes, what, CODES);
    }

    static byte[] bytes(HttpServletRequest request, int maxBytes) throws IOException {
        return bytes(request, maxBytes, "maxPayloadBytes");
    }

    /** The body, up to {@code maxBytes}; a longer one is refused naming {@code setting}. */
    static byte[] bytes(HttpServletRequest request, int maxBytes, String setting) throws IOException {
        byte[] bytes = RequestBodies.upTo(request, maxBytes);
        if (bytes == null) {
            throw tooLarge(maxBytes, setting);
        }
        return bytes;
    }

    private static SwitchboardException tooLarge(int maxBytes, String setting) {
        return new SwitchboardException(BusErrors.TOO_LARGE, "the body is over the limit of " + maxBytes + " bytes (" + setting + ")");
    }

    /** A body that is a payload, as {@link RawPayload} keeps it; what is not one JSON value is refused as {@link #json} words it. */
    static byte[] payload(byte[] body, String what) {
        byte[] payload = RawPayload.of(body);
        return payload != null ? payload : compact(json(body, what));
    }

    /** A payload as compact JSON text. */
    static byte[] compact(JsonNode payload) {
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new SwitchboardException(BusErrors.TOO_DEEP, "the payload nests deeper than " + JsonLimits.maxDepth() + " levels");
        }
    }

    static void write(HttpServletResponse response, int status, JsonNode body) throws IOException {
        write(response, status, JSON.writeValueAsBytes(body));
    }

    static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static void error(HttpServletResponse response, SwitchboardException error) throws IOException {
        int status = BusErrors.httpStatus(error.code());
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"switchboard\"");
        }
        ErrorResponses.write(response, status, error);
    }
}
