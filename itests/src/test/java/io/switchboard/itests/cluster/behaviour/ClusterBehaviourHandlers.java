package io.switchboard.itests.cluster.behaviour;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.switchboard.api.mesh.EventHandler;
import io.switchboard.api.mesh.MeshEvent;
import io.switchboard.api.mesh.Origin;

/**
 * Where the test's event handlers run: a component handle's subscription on a node relays each
 * event here ({@link ClusterBehaviourDriver}, POST {@code /event}) and waits for the handler, so the
 * handle acknowledges the event when the test's handler returns and fails it when it throws, as a
 * handler in one JVM would. While a handler runs, what it asks of its own handle (emit, call, its
 * origin, the payload as a type) goes back to the node as part of the event's turn and runs there in
 * the event's chain ({@link #current()}); the answer says how many such requests the handler sent.
 * Loopback only, one thread per event being handled (a handler may block until its test releases it).
 */
final class ClusterBehaviourHandlers implements AutoCloseable {

    /** The event a handler of this thread is handling: its handle, its turn on the node, and the requests sent in it. */
    record Turn(ClusterBehaviourHappn happn, String id, AtomicInteger issued) {
    }

    private record Registered(ClusterBehaviourHappn happn, EventHandler handler) {
    }

    private static final ThreadLocal<Turn> CURRENT = new ThreadLocal<>();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "suite-handler");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Registered> handlers = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    ClusterBehaviourHandlers() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/event", this::handle);
        server.start();
    }

    /** Where the nodes post the events. */
    String callback() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/event";
    }

    /** The turn of the event this thread's handler is handling, or null outside a handler. */
    static Turn current() {
        return CURRENT.get();
    }

    /** Keeps a handler of a handle's subscription; its id goes to the node with the subscription. */
    String register(ClusterBehaviourHappn happn, EventHandler handler) {
        String id = "h-" + ids.incrementAndGet();
        handlers.put(id, new Registered(happn, handler));
        return id;
    }

    void forget(String id) {
        handlers.remove(id);
    }

    /** Forgets every handler: the test that made them is over. */
    void clear() {
        handlers.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            JsonNode event;
            try (InputStream in = exchange.getRequestBody()) {
                event = ClusterBehaviourHttp.JSON.readTree(in);
            }
            Registered registered = handlers.get(event.path("handler").asText());
            Turn turn = new Turn(registered == null ? null : registered.happn(), event.path("turn").asText(), new AtomicInteger());
            CURRENT.set(turn);
            try {
                if (registered == null) {
                    throw new IllegalStateException("no handler " + event.path("handler").asText() + " in this test");
                }
                registered.handler().handle(new RelayedEvent(registered.happn(), event));
                answer.put("ok", true);
            } catch (Exception | AssertionError e) {
                answer.put("ok", false);
                answer.put("message", e.getMessage());
            } finally {
                CURRENT.remove();
            }
            answer.put("issued", turn.issued().get());
            byte[] body = ClusterBehaviourHttp.JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** An event as the node relayed it; reading the payload as a type is the node's work (its rules, its refusals). */
    private static final class RelayedEvent implements MeshEvent {

        private final ClusterBehaviourHappn happn;
        private final JsonNode event;

        RelayedEvent(ClusterBehaviourHappn happn, JsonNode event) {
            this.happn = happn;
            this.event = event;
        }

        @Override
        public String component() {
            return event.path("component").asText();
        }

        @Override
        public String version() {
            return event.path("version").asText();
        }

        @Override
        public String name() {
            return event.path("name").asText();
        }

        /** The payload as data; read-only wherever the node's was. */
        @Override
        public Object payload() {
            Object data = ClusterBehaviourHttp.JSON.convertValue(event.path("payload"), Object.class);
            return event.path("readOnly").asBoolean() ? readOnly(data) : data;
        }

        @Override
        public <T> T payload(Class<T> type) {
            return happn.payloadAs(type);
        }

        @Override
        public Origin origin() {
            return ClusterBehaviourHandlers.origin(event.path("origin").asText());
        }

        @Override
        public int hops() {
            return event.path("hops").asInt();
        }

        private static Object readOnly(Object data) {
            if (data instanceof Map<?, ?> map) {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((key, value) -> copy.put(key, readOnly(value)));
                return Collections.unmodifiableMap(copy);
            }
            if (data instanceof List<?> list) {
                List<Object> copy = new ArrayList<>();
                list.forEach(value -> copy.add(readOnly(value)));
                return Collections.unmodifiableList(copy);
            }
            return data;
        }
    }

    /** An origin as {@link Origin#toString()} wrote it: {@code user:ann (session s-1)}, {@code component:sensor@1.0.0} … */
    static Origin origin(String written) {
        int colon = written.indexOf(':');
        String kind = written.substring(0, colon);
        String rest = written.substring(colon + 1);
        String session = null;
        int open = rest.indexOf(" (session ");
        if (open >= 0) {
            session = rest.substring(open + " (session ".length(), rest.length() - 1);
            rest = rest.substring(0, open);
        }
        return switch (kind) {
            case "user" -> Origin.user(rest, session);
            case "component" -> Origin.component(rest.substring(0, rest.lastIndexOf('@')), rest.substring(rest.lastIndexOf('@') + 1));
            case "system" -> Origin.system();
            case "anonymous" -> Origin.anonymous();
            default -> throw new IllegalArgumentException("not an origin: " + written);
        };
    }
}
