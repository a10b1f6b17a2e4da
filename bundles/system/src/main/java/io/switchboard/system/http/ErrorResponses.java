package io.switchboard.system.http;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import jakarta.servlet.http.HttpServletResponse;

/** Writes the JSON error body every HTTP API of the runtime uses. Each endpoint picks the status for its codes. */
public final class ErrorResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorResponses() {
    }

    /** The body alone, for an endpoint that builds its response itself. */
    public static byte[] body(String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    public static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(body(code, message));
    }

    public static void write(HttpServletResponse response, int status, SwitchboardException error) throws IOException {
        write(response, status, error.code(), error.getMessage());
    }
}
