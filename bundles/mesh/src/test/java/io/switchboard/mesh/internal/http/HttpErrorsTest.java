package io.switchboard.mesh.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.switchboard.api.mesh.MeshErrors;

class HttpErrorsTest {

    @Test
    void eachMeshErrorHasAFittingStatus() {
        assertEquals(404, HttpErrors.status(MeshErrors.NO_MATCHING_VERSION));
        assertEquals(404, HttpErrors.status(MeshErrors.METHOD_NOT_FOUND));
        assertEquals(400, HttpErrors.status(MeshErrors.BAD_ARGUMENTS));
        assertEquals(400, HttpErrors.status(MeshErrors.INVALID_RANGE));
        assertEquals(504, HttpErrors.status(MeshErrors.TIMEOUT));
        assertEquals(503, HttpErrors.status(MeshErrors.DRAIN_TIMEOUT));
        assertEquals(500, HttpErrors.status(MeshErrors.CALLEE_FAILED));
        assertEquals(500, HttpErrors.status("devices.unknown-device"), "a component's own code is a failure inside it");
    }

    @Test
    void theExchangePathNamesComponentAndMethod() {
        assertArrayEquals(new String[] {"deviceManager", "update"}, ExchangeServlet.target("/deviceManager/update"));
        assertNull(ExchangeServlet.target("/deviceManager"));
        assertNull(ExchangeServlet.target("/a/b/c"));
        assertNull(ExchangeServlet.target(null));
    }

    @Test
    void theBodyIsAJsonArrayOfArgumentsOrNothing() {
        assertEquals(java.util.List.of(), ExchangeServlet.arguments(new byte[0]));
        assertEquals(java.util.List.of("d1", 42), ExchangeServlet.arguments("[\"d1\", 42]".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (String body : new String[] {"null", "{\"a\":1}", "[1,", "42"}) {
            io.switchboard.api.errors.SwitchboardException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    io.switchboard.api.errors.SwitchboardException.class,
                    () -> ExchangeServlet.arguments(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)), body);
            assertEquals(MeshErrors.BAD_ARGUMENTS, refused.code(), body);
            assertEquals(400, HttpErrors.status(refused.code()));
        }
    }
}
