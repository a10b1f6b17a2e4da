package io.switchboard.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.system.access.Access;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.http.ApiEndpoint;
import io.switchboard.system.http.HttpAuthorizer;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;

class ApiGateTest {

    /** What the gate did with one request. */
    private record Outcome(boolean passed, Integer status, String body, Map<String, String> headers) {
    }

    /** A servlet that declares its access: 'get' on its path info. */
    private static final class Declared extends HttpServlet implements ApiEndpoint {
        private static final long serialVersionUID = 1L;

        @Override
        public Access access(HttpServletRequest request) {
            return Access.permission("get", request.getPathInfo());
        }
    }

    /** A servlet that says nothing about what it needs. */
    private static final class Undeclared extends HttpServlet {
        private static final long serialVersionUID = 1L;
    }

    private final List<Access> asked = new ArrayList<>();
    private final HttpAuthorizer allowAll = (request, access) -> asked.add(access);

    private static ApiGate gate(HttpAuthorizer authorizer) {
        ApiGate gate = new ApiGate(authorizer);
        gate.addServlet(new Declared(), Map.of("osgi.http.whiteboard.servlet.pattern", "/api/declared/*"));
        gate.addServlet(new Undeclared(), Map.of("osgi.http.whiteboard.servlet.pattern", new String[] {"/api/undeclared/*"},
                "osgi.http.whiteboard.servlet.name", "plain"));
        return gate;
    }

    private static Outcome send(ApiGate gate, String servletPath, String pathInfo, String servletName, String pattern) throws Exception {
        HttpServletMapping mapping = new HttpServletMapping() {
            @Override
            public String getMatchValue() {
                return pathInfo;
            }

            @Override
            public String getPattern() {
                return pattern;
            }

            @Override
            public String getServletName() {
                return servletName;
            }

            @Override
            public MappingMatch getMappingMatch() {
                return MappingMatch.PATH;
            }
        };
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(ApiGateTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> "";
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getHttpServletMapping" -> mapping;
                    default -> null;
                });
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
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(ApiGateTest.class.getClassLoader(),
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
        gate.doFilter(request, response, (req, res) -> passed.set(true));
        return new Outcome(passed.get(), status[0], body.toString(), headers);
    }

    @Test
    void aDeclaredEndpointIsAskedAndTheAuthorizerDecides() throws Exception {
        Outcome passed = send(gate(allowAll), "/api/declared", "/a/b", Declared.class.getName(), "/api/declared/*");
        assertTrue(passed.passed());
        assertEquals(List.of(Access.permission("get", "/a/b")), asked);

        HttpAuthorizer refuseAll = (request, access) -> {
            throw new SwitchboardException(AccessErrors.UNAUTHENTICATED, "log in");
        };
        Outcome refused = send(gate(refuseAll), "/api/declared", "/a/b", Declared.class.getName(), "/api/declared/*");
        assertFalse(refused.passed());
        assertEquals(401, refused.status());
        assertTrue(refused.headers().containsKey("WWW-Authenticate"));
        assertTrue(refused.body().contains("\"code\":\"security.unauthenticated\""), refused.body());
    }

    @Test
    void anEndpointThatDeclaresNothingIsNeverReached() throws Exception {
        Outcome refused = send(gate(allowAll), "/api/undeclared", "/x", "plain", "/api/undeclared/*");
        assertFalse(refused.passed());
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("\"code\":\"security.forbidden\""), refused.body());
        assertTrue(asked.isEmpty(), "the authorizer is not even asked");
        assertFalse(send(gate(allowAll), "/api/unknown", null, "someone.Else", "/api/unknown").passed(), "a servlet the gate does not know");
    }

    @Test
    void withoutAnAuthorizerNothingUnderApiRunsAndTheRestPasses() throws Exception {
        Outcome refused = send(gate(null), "/api/declared", "/a", Declared.class.getName(), "/api/declared/*");
        assertFalse(refused.passed());
        assertEquals(503, refused.status());
        assertTrue(refused.body().contains("\"code\":\"security.unavailable\""), refused.body());
        assertTrue(send(gate(null), "/health", null, "health", "/health").passed(), "outside /api/ the gate stays out of the way");
    }
}
