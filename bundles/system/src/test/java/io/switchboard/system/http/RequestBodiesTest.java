package io.switchboard.system.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

class RequestBodiesTest {

    /** A request whose body is {@code length} bytes, declaring {@code declared} as its Content-Length (-1: chunked); counts what is read. */
    private static final class Body {
        final ByteArrayInputStream bytes;
        final HttpServletRequest request;

        Body(int length, long declared) {
            byte[] content = new byte[length];
            for (int i = 0; i < length; i++) {
                content[i] = (byte) ('a' + i % 26);
            }
            bytes = new ByteArrayInputStream(content);
            ServletInputStream in = new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] into, int offset, int count) {
                    return bytes.read(into, offset, count);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            request = (HttpServletRequest) Proxy.newProxyInstance(RequestBodiesTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getContentLengthLong" -> declared;
                        case "getInputStream" -> in;
                        default -> null;
                    });
        }

        int unread() {
            return bytes.available();
        }
    }

    @Test
    void aBodyWithinTheLimitIsReadWhole() throws Exception {
        Body body = new Body(100, 100);
        byte[] read = RequestBodies.upTo(body.request, 100);
        assertEquals(100, read.length);
        assertArrayEquals("abc".getBytes(), java.util.Arrays.copyOf(read, 3));
        assertEquals(0, RequestBodies.upTo(new Body(0, 0).request, 100).length);
        assertEquals(50, RequestBodies.upTo(new Body(50, -1).request, 100).length, "chunked");
    }

    /** Over the limit: refused (null), and what the client sent is read to its end, so the refusal reaches it on an open connection. */
    @Test
    void aBodyOverTheLimitIsRefusedAndReadToItsEnd() throws Exception {
        Body declared = new Body(1_000_000, 1_000_000);
        assertNull(RequestBodies.upTo(declared.request, 1_000));
        assertEquals(0, declared.unread(), "a declared body over the limit is read to its end");

        Body chunked = new Body(1_000_000, -1);
        assertNull(RequestBodies.upTo(chunked.request, 1_000));
        assertEquals(0, chunked.unread(), "a chunked body over the limit is read to its end");

        Body oneOver = new Body(1_001, -1);
        assertNull(RequestBodies.upTo(oneOver.request, 1_000));
        assertEquals(0, oneOver.unread());
    }

    /** Far over the limit, the server does not read on for the client: at most DRAIN_BYTES past the limit, none when the length says so. */
    @Test
    void aBodyFarOverTheLimitIsNotReadOnWithoutEnd() throws Exception {
        int limit = 1_000;
        int huge = (int) (limit + RequestBodies.DRAIN_BYTES + 5_000);
        Body declared = new Body(huge, huge);
        assertNull(RequestBodies.upTo(declared.request, limit));
        assertEquals(huge, declared.unread(), "declared longer than the limit and the drain: not read at all");

        Body chunked = new Body(huge, -1);
        assertNull(RequestBodies.upTo(chunked.request, limit));
        assertEquals(huge - (limit + 1) - RequestBodies.DRAIN_BYTES, chunked.unread(), "chunked: the limit and DRAIN_BYTES read, no more");
    }
}
