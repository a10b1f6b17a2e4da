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

    static final String CLUSTER_NODE_LEFT = "cluster.node-left";
    static final String CLUSTER_NOT_SENDABLE = "cluster.not-sendable";
    static final String CLUSTER_OVERLOADED = "cluster.overloaded";

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
            // the cluster's codes (io.switchboard.cluster.ClusterErrors; this bundle cannot see that one):
            // the node that ran the callee died, or its answer could not cross (a bad gateway), or it is overloaded
            Map.entry(CLUSTER_NODE_LEFT, 502),
            Map.entry(CLUSTER_NOT_SENDABLE, 502),
            Map.entry(CLUSTER_OVERLOADED, 503),
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
