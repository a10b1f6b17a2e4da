package io.switchboard.dataedge.internal;

import java.io.IOException;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.system.http.ErrorResponses;
import jakarta.servlet.http.HttpServletResponse;

/** Errors over HTTP: {@code {"error": {"code", "message"}}} with the status that fits the code (DESIGN.md). */
final class HttpErrors {

    private HttpErrors() {
    }

    static int status(String code) {
        if (code.equals("data.not-found")) {
            return HttpServletResponse.SC_NOT_FOUND;
        }
        if (code.equals("data.too-large")) {
            return HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
        }
        if (code.equals("queue.full") || code.equals("data.store-unavailable")) {
            return HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        }
        if (code.startsWith("protocol.") || code.startsWith("data.invalid") || code.equals("data.wildcard-in-path")
                || code.equals("data.unknown-operator") || code.equals("data.not-json") || code.equals("data.not-a-number")) {
            return HttpServletResponse.SC_BAD_REQUEST;
        }
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }

    static void write(HttpServletResponse response, SwitchboardException error) throws IOException {
        ErrorResponses.write(response, status(error.code()), error);
    }
}
