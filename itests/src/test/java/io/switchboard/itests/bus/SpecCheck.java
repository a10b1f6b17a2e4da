package io.switchboard.itests.bus;

import java.util.Map;

/**
 * Checks one exchange with the bus against the OpenAPI document the runtime serves at
 * {@code /api/bus/openapi.json}: the route and method exist, and the status the server answered is
 * one the document lists for it, with a body of that status's schema.
 */
final class SpecCheck {

    private SpecCheck() {
    }

    static void exchange(int port, String method, String path, Map<String, String> headers, String body, BusApi.Answer answer) {
        // filled in with the document's validation
    }
}
