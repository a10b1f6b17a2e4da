package io.switchboard.dataedge.internal;

import java.io.IOException;
import java.util.Map;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.system.http.ErrorResponses;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Errors of {@code /api/data} over HTTP: {@code {"error": {"code", "message"}}} with the status that
 * fits the code (DESIGN.md). The one table of those statuses; docs/protocol.md lists them.
 */
final class HttpErrors {

    /** The server failed in a way no code describes; the log has the details. */
    static final String INTERNAL_ERROR = "http.internal-error";
    private static final int BAD_REQUEST = HttpServletResponse.SC_BAD_REQUEST;

    private static final Map<String, Integer> STATUS = Map.ofEntries(
            Map.entry("data.not-found", HttpServletResponse.SC_NOT_FOUND),
            Map.entry("http.method-not-allowed", HttpServletResponse.SC_METHOD_NOT_ALLOWED),
            Map.entry(DataErrors.TOO_LARGE, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE),
            Map.entry("queue.full", HttpServletResponse.SC_SERVICE_UNAVAILABLE),
            Map.entry(DataErrors.STORE_UNAVAILABLE, HttpServletResponse.SC_SERVICE_UNAVAILABLE),
            Map.entry(DataErrors.QUERY_TIMEOUT, HttpServletResponse.SC_GATEWAY_TIMEOUT),
            Map.entry(DataErrors.INVALID_PATH, BAD_REQUEST),
            Map.entry(DataErrors.PATH_TOO_LONG, BAD_REQUEST),
            Map.entry(DataErrors.WILDCARD_IN_PATH, BAD_REQUEST),
            Map.entry(DataErrors.INVALID_PATTERN, BAD_REQUEST),
            Map.entry(DataErrors.INVALID_OPTION, BAD_REQUEST),
            Map.entry(DataErrors.INVALID_CRITERIA, BAD_REQUEST),
            Map.entry(DataErrors.UNKNOWN_OPERATOR, BAD_REQUEST),
            Map.entry(DataErrors.INVALID_REGEX, BAD_REQUEST),
            Map.entry(DataErrors.INVALID_QUERY, BAD_REQUEST),
            Map.entry(DataErrors.NOT_JSON, BAD_REQUEST),
            Map.entry(DataErrors.TOO_DEEP, BAD_REQUEST),
            Map.entry(DataErrors.NOT_A_NUMBER, BAD_REQUEST));

    private HttpErrors() {
    }

    /** The status for a code: the table's, 400 for a protocol field error, 500 for anything else (the server's fault). */
    static int status(String code) {
        Integer status = STATUS.get(code);
        if (status != null) {
            return status;
        }
        return code.startsWith("protocol.") ? BAD_REQUEST : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }

    static void write(HttpServletResponse response, SwitchboardException error) throws IOException {
        ErrorResponses.write(response, status(error.code()), error);
    }
}
