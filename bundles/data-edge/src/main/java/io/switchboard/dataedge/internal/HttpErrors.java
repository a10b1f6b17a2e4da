package io.switchboard.dataedge.internal;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import jakarta.servlet.http.HttpServletResponse;

/** Errors over HTTP: {@code {"error": {"code", "message"}}} with the status that fits the code (DESIGN.md). */
final class HttpErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpErrors() {
    }

    static int status(String code) {
        if (code.equals("data.not-found")) {
            return HttpServletResponse.SC_NOT_FOUND;
        }
        if (code.equals("data.too-large")) {
            return HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
        }
        if (code.equals("queue.full")) {
            return HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        }
        if (code.startsWith("protocol.") || code.startsWith("data.invalid") || code.equals("data.wildcard-in-path")
                || code.equals("data.unknown-operator") || code.equals("data.not-json") || code.equals("data.not-a-number")) {
            return HttpServletResponse.SC_BAD_REQUEST;
        }
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }

    static void write(HttpServletResponse response, SwitchboardException error) throws IOException {
        write(response, status(error.code()), error.code(), error.getMessage());
    }

    static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
