package io.switchboard.itests.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Hashtable;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FeatureOptions;
import io.switchboard.itests.support.WireClient;
import io.switchboard.protocol.Request;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;
import io.switchboard.system.http.ApiEndpoint;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Issue 11, item 2, in a real framework: while the security bundle is stopped, nothing but ping
 * runs (WebSocket: security.unavailable; HTTP: 503), and once it runs again, a handler or a
 * servlet under /api/ that declares nothing is refused, even to an administrator.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FailClosedOsgiTest {

    private static final String PASSWORD = "osgi-admin-pw";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return FeatureOptions.framework("core", "edge", "security");
    }

    /** What the launcher hands the security bundle: its first administrator's password. */
    private static final class Handoff implements Supplier<String>, Consumer<String> {
        @Override
        public String get() {
            return PASSWORD;
        }

        @Override
        public void accept(String outcome) {
        }
    }

    /** A third-party handler that says nothing about what its requests need. */
    private static final class Undeclared implements ActionHandler {
        @Override
        public Access access(Session session, Request request) {
            return null;
        }

        @Override
        public Promise<JsonNode> handle(Session session, Request request) {
            return Promises.resolved(new TextNode("ran unchecked"));
        }
    }

    /** A third-party servlet under /api/ that does not declare its access. */
    private static class PlainServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getWriter().write("{\"reached\":true}");
        }
    }

    /** The same, declaring that a request needs 'get' on /itest. */
    private static final class DeclaredServlet extends PlainServlet implements ApiEndpoint {
        private static final long serialVersionUID = 1L;

        @Override
        public Access access(HttpServletRequest request) {
            return Access.permission("get", "/itest");
        }
    }

    @Test
    public void nothingRunsWhileSecurityIsStoppedAndWhatDeclaresNothingIsNeverReached() throws Exception {
        int port = FeatureOptions.httpPort(context);
        Await.until("/health answers 200", Duration.ofSeconds(60), () -> Attacker.http(port, "GET", "/health", null, null).statusCode() == 200);
        Hashtable<String, Object> handoff = new Hashtable<>();
        handoff.put("switchboard.bootstrap", "admin.password");
        context.registerService(new String[] {Supplier.class.getName(), Consumer.class.getName()}, new Handoff(), handoff);
        Bundle security = java.util.Arrays.stream(context.getBundles())
                .filter(bundle -> "io.switchboard.switchboard-security".equals(bundle.getSymbolicName())).findFirst().orElseThrow();

        try (WireClient client = WireClient.connect(port)) {
            security.stop();
            assertEquals("pong", client.ok("ping", WireClient.object()).asText());
            assertEquals("security.unavailable", client.error("login", WireClient.object().put("username", "admin").put("password", PASSWORD)));
            assertEquals("security.unavailable", client.error("get", WireClient.object().put("path", "/a")));
            assertEquals("security.unavailable", client.error("call", WireClient.object().put("component", "c").put("method", "m")));
        }
        for (String[] request : new String[][] {{"GET", "/api/data/a"}, {"PUT", "/api/data/a"}, {"POST", "/api/exchange/c/m"},
                {"GET", "/api/mesh/description"}, {"GET", "/api/ws"}}) {
            HttpResponse<String> refused = Attacker.http(port, request[0], request[1], null, "{}");
            assertEquals(request[0] + " " + request[1] + ": " + refused.body(), 503, refused.statusCode());
            assertEquals("security.unavailable", Attacker.code(refused));
        }

        security.start();
        String token = Await.until("the administrator logs in once security runs again", Duration.ofSeconds(30),
                () -> Attacker.login(port, "admin", PASSWORD).statusCode() == 200 ? Attacker.token(port, "admin", PASSWORD) : null);

        Hashtable<String, Object> action = new Hashtable<>();
        action.put(ActionHandler.ACTION, "itest.undeclared");
        ServiceRegistration<?> handler = context.registerService(ActionHandler.class, new Undeclared(), action);
        Hashtable<String, Object> plain = new Hashtable<>();
        plain.put("osgi.http.whiteboard.servlet.pattern", "/api/itest/plain/*");
        ServiceRegistration<?> plainServlet = context.registerService(Servlet.class, new PlainServlet(), plain);
        Hashtable<String, Object> declared = new Hashtable<>();
        declared.put("osgi.http.whiteboard.servlet.pattern", "/api/itest/declared/*");
        ServiceRegistration<?> declaredServlet = context.registerService(Servlet.class, new DeclaredServlet(), declared);
        try (WireClient admin = Attacker.loggedIn(port, "admin", PASSWORD)) {
            assertEquals("security.forbidden", admin.error("itest.undeclared", WireClient.object()));
            HttpResponse<String> undeclared = Await.until("the plain servlet is registered", Duration.ofSeconds(30), () -> {
                HttpResponse<String> response = Attacker.http(port, "GET", "/api/itest/plain/x", token, null);
                return response.statusCode() == 404 ? null : response;
            });
            assertEquals(undeclared.body(), 403, undeclared.statusCode());
            assertEquals("security.forbidden", Attacker.code(undeclared));
            HttpResponse<String> reached = Await.until("the declared servlet is registered", Duration.ofSeconds(30), () -> {
                HttpResponse<String> response = Attacker.http(port, "GET", "/api/itest/declared/x", token, null);
                return response.statusCode() == 404 ? null : response;
            });
            assertEquals(reached.body(), 200, reached.statusCode());
            assertTrue(reached.body().contains("reached"));
            assertEquals(401, Attacker.http(port, "GET", "/api/itest/declared/x", null, null).statusCode());
        } finally {
            handler.unregister();
            plainServlet.unregister();
            declaredServlet.unregister();
        }
    }
}
