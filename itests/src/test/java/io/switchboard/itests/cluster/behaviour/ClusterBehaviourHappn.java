package io.switchboard.itests.cluster.behaviour;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallFailedException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.CallOutcome;
import io.switchboard.api.mesh.ComponentData;
import io.switchboard.api.mesh.EventHandler;
import io.switchboard.api.mesh.Events;
import io.switchboard.api.mesh.Exchange;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.StickyMoved;
import io.switchboard.api.mesh.SubscribeOptions;
import io.switchboard.api.mesh.Subscription;

/**
 * A handle that runs on a node of the cluster, held in the test's JVM: its exchange is sent to the
 * handle component's {@link ClusterBehaviourDriver} over the node's edge, and what comes back is
 * read as the caller's code would get it (a value, a {@link SwitchboardException} with its code, a
 * {@link CallFailedException} with what it carries). Its events are emitted on the node; its
 * subscriptions are made there, while their handlers run in the test's JVM, and what a handler does
 * with its handle (emit, call, origin) runs back on the node in the event's chain
 * ({@link ClusterBehaviourHandlers}). The data, the log and {@code allowed} stay in the runtime:
 * they are not offered here.
 */
final class ClusterBehaviourHappn implements Happn {

    private final ClusterBehaviourHttp edge;
    private final String name;
    private final String version;
    private final ClusterBehaviourHandlers handlers;
    /** Run when an emit's outcome is in, before the test sees it: clients' subscriptions catch up with what the node sent them. */
    private final Runnable afterEmit;
    private final List<StickyMoved> stickyHooks = new CopyOnWriteArrayList<>();
    private int stickyHeard;
    /** Outcomes of this handle's steps awaited at once: emits pipeline, within a bound. */
    private static final int OUTCOMES_IN_FLIGHT = 32;
    private final java.util.concurrent.Semaphore outcomes = new java.util.concurrent.Semaphore(OUTCOMES_IN_FLIGHT);

    ClusterBehaviourHappn(ClusterBehaviourHttp edge, String name, String version, ClusterBehaviourHandlers handlers, Runnable afterEmit) {
        this.edge = edge;
        this.name = name;
        this.version = version;
        this.handlers = handlers;
        this.afterEmit = afterEmit;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Exchange exchange() {
        return new RemoteExchange();
    }

    /** Subscriptions made on the node, whose handlers run here ({@link ClusterBehaviourHandlers}). */
    @Override
    public Events event() {
        return new Events() {
            @Override
            public Subscription on(String component, String pattern, SubscribeOptions options, EventHandler handler) {
                Map<String, Object> asked = new LinkedHashMap<>();
                asked.put("delivery", options.delivery().name());
                asked.put("range", options.range());
                asked.put("lenient", options.isLenient());
                return subscribe(component, pattern, asked, handler);
            }

            @Override
            public Subscription on(String component, String pattern, EventHandler handler) {
                return subscribe(component, pattern, null, handler);
            }
        };
    }

    private Subscription subscribe(String component, String pattern, Map<String, Object> options, EventHandler handler) {
        String id = handlers.register(this, handler);
        try {
            settled(driver("subscribe", java.util.Arrays.asList(component, pattern, options, id, handlers.callback())));
        } catch (RuntimeException e) {
            handlers.forget(id);
            throw e;
        }
        return () -> {
            settled(driver("off", List.of(id)));
            handlers.forget(id);
        };
    }

    @Override
    public Promise<Integer> emit(String event, Object payload) {
        return emitted(event, payload, false);
    }

    @Override
    public Promise<Integer> emitLocal(String event, Object payload) {
        return emitted(event, payload, true);
    }

    private Promise<Integer> emitted(String event, Object payload, boolean local) {
        Promise<Integer> emitted = act("emit", java.util.Arrays.asList(event, ClusterBehaviourHttp.JSON.convertValue(payload, Object.class), local),
                value -> ((Number) value).intValue());
        org.osgi.util.promise.Deferred<Integer> seen = new org.osgi.util.promise.Deferred<>();
        emitted.onResolve(() -> {
            try {
                afterEmit.run();
            } finally {
                seen.resolveWith(emitted);
            }
        });
        return seen.getPromise();
    }

    /** Inside a handler's turn, the node's answer for the chain the event belongs to; outside, the handle's own origin. */
    @Override
    public Origin origin() {
        try {
            return ClusterBehaviourHandlers.origin((String) act("origin", List.of(), value -> value).getValue());
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The event of this thread's handler read as a type, by the node (from the handle's copy of the class). */
    <T> T payloadAs(Class<T> type) {
        try {
            return act("payloadAs", List.of(type.getName()), value -> ClusterBehaviourHttp.JSON.convertValue(value, type)).getValue();
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A step of the handle's code on the node ({@link ClusterBehaviourDriver#act}): in the turn of
     * the event this thread's handler is handling, if it is this handle's, otherwise outside any
     * chain. The request returns once the node started the step, so steps leave in the order made.
     */
    private <T> Promise<T> act(String op, List<?> args, java.util.function.Function<Object, T> convert) {
        ClusterBehaviourHandlers.Turn turn = ClusterBehaviourHandlers.current();
        String turnId = null;
        if (turn != null && turn.happn() == this) {
            turnId = turn.id();
            turn.issued().incrementAndGet();
        }
        org.osgi.util.promise.Deferred<T> outcome = new org.osgi.util.promise.Deferred<>();
        JsonNode answer;
        try {
            answer = driver("act", java.util.Arrays.asList(turnId, op, args)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
        if (answer.path("done").asBoolean()) {
            settle(outcome, answer, convert);
        } else {
            boolean bounded = turnId == null; // a handler's steps are few, and its turn must not wait for the handle's other outcomes
            if (bounded) {
                awaitPermit();
            }
            driver("outcome", List.of(answer.path("ticket").asText())).whenComplete((later, failed) -> {
                if (bounded) {
                    outcomes.release();
                }
                if (failed != null) {
                    outcome.fail(failed instanceof java.util.concurrent.CompletionException wrapped ? wrapped.getCause() : failed);
                } else {
                    settle(outcome, later, convert);
                }
            });
        }
        return outcome.getPromise();
    }

    private void awaitPermit() {
        try {
            if (!outcomes.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no outcome of " + name + "'s last " + OUTCOMES_IN_FLIGHT + " steps within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> void settle(org.osgi.util.promise.Deferred<T> outcome, JsonNode answer, java.util.function.Function<Object, T> convert) {
        try {
            outcome.resolve(convert.apply(outcome(answer)));
        } catch (RuntimeException e) {
            outcome.fail(e);
        }
    }

    @Override
    public ComponentData data() {
        throw unsupported("data");
    }

    @Override
    public System.Logger log() {
        throw unsupported("log");
    }

    @Override
    public boolean allowed(String action, String path) {
        throw unsupported("allowed");
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + " runs inside the runtime: a handle of the cluster fixture does not offer it");
    }

    /** A request to the handle's driver, on the handle's own node and version. */
    private CompletableFuture<JsonNode> driver(String method, List<?> args) {
        return edge.call(name, method, version, args);
    }

    /** The driver's answer now, for what the caller's code gets at once (a proxy, a subscription). */
    private static Object settled(CompletableFuture<JsonNode> answer) {
        try {
            return outcome(answer.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The driver's outcome, {@code {"ok":…}}: its value, or its failure thrown as the caller's code would get it. */
    private static Object outcome(JsonNode answer) {
        JsonNode envelope = answer;
        if (envelope.path("ok").asBoolean()) {
            return ClusterBehaviourHttp.JSON.convertValue(envelope.path("value"), Object.class);
        }
        throw failure(envelope);
    }

    private static SwitchboardException failure(JsonNode envelope) {
        String code = envelope.path("code").asText();
        String message = envelope.path("message").asText();
        if (envelope.hasNonNull("component")) {
            return new CallFailedException(code, message, envelope.path("component").asText(), envelope.path("version").asText(null),
                    envelope.path("method").asText(null), envelope.path("errorType").asText(null), envelope.path("errorId").asText(null));
        }
        return new SwitchboardException(code, message);
    }

    private static Map<String, Object> options(CallOptions options) {
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("route", options.route().name());
        asked.put("stickyKey", options.stickyKey());
        asked.put("range", options.range());
        asked.put("timeoutMillis", options.timeout() == null ? null : options.timeout().toMillis());
        asked.put("lenient", options.isLenient());
        return asked;
    }

    /** A promise of the driver's outcome, converted to a type; the sticky hooks hear of moved keys before it is resolved. */
    private <T> Promise<T> promise(CompletableFuture<JsonNode> answer, java.util.function.Function<Object, T> convert) {
        return ClusterBehaviourHttp.promised(answer.thenApply(json -> convert.apply(outcome(json))).whenComplete((value, failed) -> hearStickyMoves()));
    }

    /** Tells the sticky hooks of keys that moved since the last call, as the driver recorded them on the node. */
    private synchronized void hearStickyMoves() {
        if (stickyHooks.isEmpty()) {
            return;
        }
        List<?> moves = ClusterBehaviourHttp.JSON.convertValue(edge.call(name, "stickyMoved", version, List.of()).join(), List.class);
        for (Object move : moves.subList(stickyHeard, moves.size())) {
            List<?> parts = (List<?>) move;
            stickyHooks.forEach(hook -> hook.moved(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)), String.valueOf(parts.get(2))));
        }
        stickyHeard = moves.size();
    }

    private final class RemoteExchange implements Exchange {

        @Override
        public <T> T proxy(String component, Class<T> api) {
            return proxy(component, api, CallOptions.defaults());
        }

        @Override
        public <T> T proxy(String component, Class<T> api, CallOptions options) {
            settled(driver("proxy", java.util.Arrays.asList(component, api.getName(), options(options))));
            Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (self, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                        case "equals" -> self == args[0];
                        case "hashCode" -> System.identityHashCode(self);
                        default -> "a proxy of " + component + " on the cluster";
                    };
                }
                List<Object> arguments = new ArrayList<>();
                for (Object arg : args == null ? new Object[0] : args) {
                    arguments.add(ClusterBehaviourHttp.JSON.convertValue(arg, Object.class));
                }
                Type answered = method.getGenericReturnType() instanceof ParameterizedType promise ? promise.getActualTypeArguments()[0]
                        : Object.class;
                return promise(driver("proxyCall", java.util.Arrays.asList(component, api.getName(), method.getName(), arguments,
                        options(options))), value -> ClusterBehaviourHttp.JSON.convertValue(value,
                                ClusterBehaviourHttp.JSON.getTypeFactory().constructType(answered)));
            });
            return api.cast(proxy);
        }

        @Override
        public Promise<Object> call(String component, String method, List<?> args) {
            return call(component, method, args, CallOptions.defaults());
        }

        @Override
        public Promise<Object> call(String component, String method, List<?> args, CallOptions options) {
            ClusterBehaviourHandlers.Turn turn = ClusterBehaviourHandlers.current();
            if (turn != null && turn.happn() == ClusterBehaviourHappn.this) {
                return act("call", java.util.Arrays.asList(component, method, args, options(options)), value -> value); // in the event's chain
            }
            return promise(driver("call", java.util.Arrays.asList(component, method, args, options(options))), value -> value);
        }

        @Override
        public Promise<List<CallOutcome>> callAll(String component, String method, List<?> args) {
            return promise(driver("callAll", java.util.Arrays.asList(component, method, args)), value -> {
                List<CallOutcome> outcomes = new ArrayList<>();
                for (Object each : (List<?>) value) {
                    JsonNode one = ClusterBehaviourHttp.JSON.valueToTree(each);
                    String instance = one.path("instance").asText();
                    String version = one.path("version").asText();
                    outcomes.add(one.path("ok").asBoolean()
                            ? CallOutcome.value(instance, version, ClusterBehaviourHttp.JSON.convertValue(one.path("value"), Object.class))
                            : CallOutcome.failure(instance, version, failure(one)));
                }
                return outcomes;
            });
        }

        @Override
        public void onStickyMoved(String component, StickyMoved hook) {
            settled(driver("watchSticky", List.of(component)));
            stickyHooks.add(hook);
        }
    }
}
