package io.switchboard.mesh.internal.http;

import java.io.IOException;
import java.util.Map;


import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.MeshCore;
import io.switchboard.system.http.ErrorResponses;
import jakarta.servlet.http.HttpServletResponse;

/** Mesh failures as HTTP answers: {@code {"error":{"code","message"}}} with a status that fits the code. */
final class HttpErrors {

    private static final Map<String, Integer> STATUS = Map.ofEntries(
            Map.entry(MeshErrors.NO_MATCHING_VERSION, 404),
            Map.entry(MeshErrors.METHOD_NOT_FOUND, 404),
            Map.entry(MeshErrors.BAD_ARGUMENTS, 400),
            Map.entry(MeshErrors.INVALID_RANGE, 400),
            Map.entry(MeshErrors.TIMEOUT, 504),
            Map.entry(MeshErrors.DRAIN_TIMEOUT, 503),
            Map.entry(Instance.GONE, 503),
            Map.entry(MeshErrors.HOP_LIMIT, 508),
            Map.entry(MeshErrors.INCOMPATIBLE_DATA, 400),
            Map.entry(MeshCore.SECURITY_UNAVAILABLE, 503),
            Map.entry(ExchangeServlet.TOO_LARGE, 413),
            Map.entry("mesh.invalid-option", 400),
            Map.entry("mesh.bad-request", 400));

    private HttpErrors() {
    }

    /** The status for a code; a callee's own code (a failure inside the component) is a 500. */
    static int status(String code) {
        return STATUS.getOrDefault(code, 500);
    }

    /** 405 in the JSON error format, naming the one method the path takes. */
    static void methodNotAllowed(HttpServletResponse response, String method, String allowed, String path)
            throws IOException {
        response.setHeader("Allow", allowed);
        write(response, 405, "mesh.method-not-allowed", method + " " + path + " is not supported; use " + allowed);
    }

    static void write(HttpServletResponse response, SwitchboardException error) throws IOException {
        write(response, status(error.code()), error.code(), error.getMessage());
    }

    static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        ErrorResponses.write(response, status, code, message);
    }
}
