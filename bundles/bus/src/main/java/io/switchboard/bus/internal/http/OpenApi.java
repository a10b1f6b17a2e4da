package io.switchboard.bus.internal.http;

import java.io.IOException;
import java.io.InputStream;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /api/bus/openapi.json}: the OpenAPI 3.1 document of the bus, shipped in the bundle beside this class. */
final class OpenApi {

    private static final byte[] DOCUMENT = load();

    private OpenApi() {
    }

    private static byte[] load() {
        try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    static void write(HttpServletResponse response) throws IOException {
        if (DOCUMENT == null) {
            throw new SwitchboardException(BusErrors.UNKNOWN_ROUTE, "the OpenAPI document is missing from this build");
        }
        HttpIo.write(response, 200, DOCUMENT);
    }
}
