package io.switchboard.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class StartupGateTest {

    /** What the gate did with one request. */
    private record Outcome(boolean passed, Integer status, String body, Map<String, String> headers) {
    }

    private static Outcome send(StartupGate gate, String uri) throws Exception {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(StartupGateTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> method.getName().equals("getRequestURI") ? uri : null);
        Integer[] status = new Integer[1];
        Map<String, String> headers = new HashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(StartupGateTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> status[0] = (Integer) args[0];
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> { }
                    }
                    return null;
                });
        AtomicBoolean passed = new AtomicBoolean();
        FilterChain chain = (req, res) -> passed.set(true);
        gate.doFilter(request, response, chain);
        return new Outcome(passed.get(), status[0], body.toString(), headers);
    }

    @Test
    void whileStartingOnlyHealthPassesAndTheRestIsToldToComeBack() throws Exception {
        StartupGate gate = new StartupGate(() -> false, true);
        assertTrue(send(gate, "/health").passed());
        Outcome refused = send(gate, "/api/data/a");
        assertFalse(refused.passed());
        assertEquals(503, refused.status());
        assertEquals("1", refused.headers().get("Retry-After"));
        assertTrue(refused.body().contains("\"code\":\"system.starting\""), refused.body());
    }

    @Test
    void onceReadyTheGateStaysOpenWithoutAskingAgain() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(true);
        AtomicInteger asked = new AtomicInteger();
        StartupGate gate = new StartupGate(() -> {
            asked.incrementAndGet();
            return ready.get();
        }, true);
        assertTrue(send(gate, "/api/ws").passed());
        ready.set(false);
        assertTrue(send(gate, "/api/data/a").passed(), "later trouble does not close the gate");
        assertEquals(1, asked.get());
    }

    @Test
    void aDisabledGateLetsEverythingThrough() throws Exception {
        assertTrue(send(new StartupGate(() -> false, false), "/api/data/a").passed());
    }
}
