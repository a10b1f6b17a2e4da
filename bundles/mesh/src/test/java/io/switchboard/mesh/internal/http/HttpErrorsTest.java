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
    void theClustersCodesHaveTheirOwnStatuses() {
        assertEquals(502, HttpErrors.status("cluster.node-left"), "the node running the callee died while it ran");
        assertEquals(502, HttpErrors.status("cluster.not-sendable"));
        assertEquals(503, HttpErrors.status("cluster.overloaded"));
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

    @Test
    void aDeepOrMalformedBodyIsRefusedInTheClientsTermsNotWithAStackOverflow() {
        String deep = "[".repeat(999) + "]".repeat(999);
        byte[] invalidUtf8 = "[\"x\"]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        invalidUtf8[2] = (byte) 0xC3;
        for (byte[] body : java.util.List.of(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "[1] [2]".getBytes(java.nio.charset.StandardCharsets.UTF_8), invalidUtf8)) {
            io.switchboard.api.errors.SwitchboardException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    io.switchboard.api.errors.SwitchboardException.class, () -> ExchangeServlet.arguments(body));
            assertEquals(MeshErrors.BAD_ARGUMENTS, refused.code());
            org.junit.jupiter.api.Assertions.assertFalse(refused.getMessage().contains("Exception") || refused.getMessage().contains("jackson")
                    || refused.getMessage().contains("StreamReadConstraints"), refused.getMessage());
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndAnEndlessOneIsNotReadOnWithoutEnd() throws Exception {
        int limit = 1024;
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        jakarta.servlet.http.HttpServletRequest chunked = request(-1, new java.io.InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return ' ';
            }
        });
        io.switchboard.api.errors.SwitchboardException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.switchboard.api.errors.SwitchboardException.class, () -> ExchangeServlet.body(chunked, limit));
        assertEquals(ExchangeServlet.TOO_LARGE, e.code());
        assertEquals(413, HttpErrors.status(e.code()));
        // read on past the limit (so that the refusal reaches a client still sending), but not without end
        assertEquals(limit + 1 + io.switchboard.system.http.RequestBodies.DRAIN_BYTES, read.get(),
                "from an endless body, no more than the limit, one byte and what is drained");
        jakarta.servlet.http.HttpServletRequest declared = request(10_000_000, java.io.InputStream.nullInputStream());
        assertEquals(ExchangeServlet.TOO_LARGE, org.junit.jupiter.api.Assertions.assertThrows(
                io.switchboard.api.errors.SwitchboardException.class, () -> ExchangeServlet.body(declared, limit)).code());
        assertEquals(3, ExchangeServlet.body(request(3, new java.io.ByteArrayInputStream("[1]".getBytes())), limit).length);
    }

    /** A request that has a content length and a body, and nothing else. */
    private static jakarta.servlet.http.HttpServletRequest request(long contentLength, java.io.InputStream body) {
        jakarta.servlet.ServletInputStream stream = new jakarta.servlet.ServletInputStream() {
            @Override
            public int read() throws java.io.IOException {
                return body.read();
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(jakarta.servlet.ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (jakarta.servlet.http.HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(HttpErrorsTest.class.getClassLoader(),
                new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContentLengthLong" -> contentLength;
                    case "getInputStream" -> stream;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
