package io.switchboard.itests.cluster.behaviour;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallFailedException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.CallOutcome;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshEvent;
import io.switchboard.api.mesh.SubscribeOptions;
import io.switchboard.api.mesh.Subscription;

/**
 * Runs inside a runtime, in each handle bundle the cluster fixture deploys: does with the handle's
 * {@link Happn} what the test asks over the edge ({@code POST /api/exchange/<handle>/<method>}),
 * and answers every outcome as data, a failure included ({@code ok}, {@code code}, {@code message}
 * and what a {@link CallFailedException} carries), since the edge's own error format has code and
 * message only. The handle class the fixture generates passes each of its methods on to this one.
 * <p>
 * The test's request reaches the handle as a call the administrator started, but the test stands
 * for the handle's own code, outside any chain (as a handle in one JVM is used): so what the handle
 * does runs on a thread of its own, where no caller's chain (origin, hops) is current; except what
 * a test's event handler does while it handles an event, which runs in that event's chain
 * ({@link #subscribe}, {@link #act}).
 */
public final class ClusterBehaviourDriver {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Threads outside any chain; none is kept while idle, so a handle's bundle leaves nothing behind. */
    private static final ExecutorService OUTSIDE = new ThreadPoolExecutor(0, 16, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
        Thread thread = new Thread(task, "suite-handle");
        thread.setDaemon(true);
        return thread;
    });

    /** Threads that hand an event to the test's handler and wait for it: one per event being handled, none kept while idle. */
    private static final ExecutorService RELAYS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "suite-relay");
        thread.setDaemon(true);
        return thread;
    });
    /** How long {@link #act} waits for an outcome before it hands back a ticket instead: most are done by then. */
    private static final long PROMPT_MILLIS = 200;
    /** A handler in the test may block for as long as its test says; the test's own timeout ends it. */
    private static final int RELAY_READ_TIMEOUT_MILLIS = 300_000;
    private static final Runnable TURN_OVER = () -> { };

    private final Happn happn;
    private final ClassLoader classes;
    private final Map<String, Object> proxies = new ConcurrentHashMap<>();
    private final List<List<String>> moved = new CopyOnWriteArrayList<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    /** Events being handled by the test's handlers, by turn id: the work their handlers send back runs in their chain. */
    private final Map<String, Turn> turns = new ConcurrentHashMap<>();
    /** Outcomes the test will ask for ({@link #outcome}), by ticket; each is taken once. */
    private final Map<String, Promise<Map<String, Object>>> tickets = new ConcurrentHashMap<>();

    /** One event in the hands of a handler in the test's JVM, and the work that handler asks to run in the event's chain. */
    private record Turn(MeshEvent event, BlockingQueue<Runnable> work) {
    }

    public ClusterBehaviourDriver(Happn happn, ClassLoader classes) {
        this.happn = happn;
        this.classes = classes;
    }

    public Promise<Map<String, Object>> call(String component, String method, List<Object> args, Map<String, Object> options) {
        return outside(() -> callHere(component, method, args, options));
    }

    private Promise<Map<String, Object>> callHere(String component, String method, List<Object> args, Map<String, Object> options) {
        try {
            return answered(happn.exchange().call(component, method, args, options(options)));
        } catch (RuntimeException e) {
            return resolved(failed(e));
        }
    }

    public Promise<Map<String, Object>> callAll(String component, String method, List<Object> args) {
        return outside(() -> callAllHere(component, method, args));
    }

    private Promise<Map<String, Object>> callAllHere(String component, String method, List<Object> args) {
        Deferred<Map<String, Object>> answer = new Deferred<>();
        Promise<List<CallOutcome>> all;
        try {
            all = happn.exchange().callAll(component, method, args);
        } catch (RuntimeException e) {
            return resolved(failed(e));
        }
        all.onResolve(() -> {
            Throwable failure = failure(all);
            if (failure != null) {
                answer.resolve(failed(failure));
                return;
            }
            List<Map<String, Object>> outcomes = new ArrayList<>();
            for (CallOutcome outcome : value(all)) {
                Map<String, Object> one = outcome.failed() ? failed(outcome.failure()) : ok(outcome.value());
                one.put("instance", outcome.instance());
                one.put("version", outcome.version());
                outcomes.add(one);
            }
            answer.resolve(ok(outcomes));
        });
        return answer.getPromise();
    }

    /** Makes a typed proxy on this node, as a caller's code does: its refusals (bad interface, undeclared callee) come back. */
    public Map<String, Object> proxy(String component, String api, Map<String, Object> options) {
        return outside(() -> proxyHere(component, api, options));
    }

    private Map<String, Object> proxyHere(String component, String api, Map<String, Object> options) {
        try {
            proxyOf(component, api, options);
            return ok(null);
        } catch (RuntimeException | ClassNotFoundException e) {
            return failed(e);
        }
    }

    /** Calls a method of a typed proxy made on this node, with the arguments converted to its parameter types. */
    public Promise<Map<String, Object>> proxyCall(String component, String api, String method, List<Object> args,
            Map<String, Object> options) {
        return outside(() -> proxyCallHere(component, api, method, args, options));
    }

    private Promise<Map<String, Object>> proxyCallHere(String component, String api, String method, List<Object> args,
            Map<String, Object> options) {
        try {
            Object proxy = proxyOf(component, api, options);
            Method chosen = null;
            for (Method each : classes.loadClass(api).getMethods()) {
                if (each.getName().equals(method) && each.getParameterCount() == args.size()) {
                    chosen = each;
                }
            }
            if (chosen == null) {
                throw new IllegalArgumentException(api + " has no method " + method + " taking " + args.size());
            }
            Object[] typed = new Object[args.size()];
            for (int i = 0; i < typed.length; i++) {
                typed[i] = JSON.convertValue(args.get(i), JSON.getTypeFactory().constructType(chosen.getGenericParameterTypes()[i]));
            }
            return answered((Promise<?>) chosen.invoke(proxy, typed));
        } catch (InvocationTargetException e) {
            return resolved(failed(e.getCause()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return resolved(failed(e));
        }
    }

    /** Starts recording the sticky keys that move off an instance of a component. */
    public Map<String, Object> watchSticky(String component) {
        return outside(() -> watchStickyHere(component));
    }

    private Map<String, Object> watchStickyHere(String component) {
        try {
            happn.exchange().onStickyMoved(component, (key, from, to) -> moved.add(List.of(key, from, to)));
            return ok(null);
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    /** The sticky keys that moved so far: key, from version, to version. */
    public List<List<String>> stickyMoved() {
        return List.copyOf(moved);
    }

    /**
     * Subscribes as the handle's code would, with a handler that lives in the test's JVM: each event
     * is posted to {@code callback} and waited for, so the handle acknowledges it when the test's
     * handler returns and fails it when that handler throws (see {@link #relay}).
     *
     * @param options {@code delivery} ({@code ANY}, {@code ALL}), {@code range}, {@code lenient}; null for the plain {@code on}
     */
    public Map<String, Object> subscribe(String component, String pattern, Map<String, Object> options, String handler, String callback) {
        return outside(() -> {
            try {
                io.switchboard.api.mesh.EventHandler relayed = event -> relay(handler, callback, event);
                Subscription subscription = options == null ? happn.event().on(component, pattern, relayed)
                        : happn.event().on(component, pattern, subscribeOptions(options), relayed);
                subscriptions.put(handler, subscription);
                return ok(null);
            } catch (RuntimeException e) {
                return failed(e);
            }
        });
    }

    /** Ends a subscription {@link #subscribe} made. */
    public Map<String, Object> off(String handler) {
        Subscription subscription = subscriptions.remove(handler);
        if (subscription != null) {
            subscription.close();
        }
        return ok(subscription != null);
    }

    private static SubscribeOptions subscribeOptions(Map<String, Object> asked) {
        SubscribeOptions options = "ANY".equals(asked.get("delivery")) ? SubscribeOptions.any() : SubscribeOptions.all();
        if (asked.get("range") != null) {
            options = options.range(String.valueOf(asked.get("range")));
        }
        if (Boolean.TRUE.equals(asked.get("lenient"))) {
            options = options.lenient();
        }
        return options;
    }

    /**
     * Hands an event to the test's handler and runs, on this handler thread and so inside the
     * event's chain, whatever that handler asks the node to do meanwhile ({@link #act} with this
     * turn). The test's answer says how many requests its handler sent, so none still on its way is
     * left out when the handler has returned.
     */
    private void relay(String handler, String callback, MeshEvent event) throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        Turn turn = new Turn(event, new LinkedBlockingQueue<>());
        turns.put(id, turn);
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("handler", handler);
            body.put("turn", id);
            body.put("component", event.component());
            body.put("version", event.version());
            body.put("name", event.name());
            body.put("payload", event.payload());
            body.put("readOnly", readOnly(event.payload()));
            body.put("origin", String.valueOf(event.origin()));
            body.put("hops", event.hops());
            CompletableFuture<Map<?, ?>> answer = CompletableFuture.supplyAsync(() -> post(callback, body), RELAYS);
            answer.whenComplete((done, failed) -> turn.work().add(TURN_OVER));
            int ran = 0;
            for (Runnable next = turn.work().take(); next != TURN_OVER; next = turn.work().take()) {
                next.run();
                ran++;
            }
            Map<?, ?> handled = answer.join();
            int issued = ((Number) handled.get("issued")).intValue();
            for (; ran < issued; ran++) {
                Runnable late = turn.work().poll(60, TimeUnit.SECONDS);
                if (late == null) {
                    throw new IllegalStateException("the test's handler sent " + issued + " requests, " + ran + " arrived");
                }
                late.run();
            }
            if (!Boolean.TRUE.equals(handled.get("ok"))) {
                throw new IllegalStateException(String.valueOf(handled.get("message")));
            }
        } finally {
            turns.remove(id);
        }
    }

    private static Map<?, ?> post(String callback, Map<String, Object> body) {
        try {
            java.net.HttpURLConnection connection = (java.net.HttpURLConnection) java.net.URI.create(callback).toURL().openConnection();
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(RELAY_READ_TIMEOUT_MILLIS);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (java.io.OutputStream out = connection.getOutputStream()) {
                JSON.writeValue(out, body);
            }
            try (java.io.InputStream in = connection.getInputStream()) {
                return JSON.readValue(in, Map.class);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether a payload refuses every change, at every level, as the mesh hands it out (probed without changing anything). */
    private static boolean readOnly(Object payload) {
        if (payload instanceof Map<?, ?> map) {
            try {
                @SuppressWarnings("unchecked")
                Map<Object, Object> any = (Map<Object, Object>) map;
                any.putAll(Map.of());
                return false;
            } catch (UnsupportedOperationException refused) {
                return map.values().stream().allMatch(ClusterBehaviourDriver::readOnly);
            }
        }
        if (payload instanceof List<?> list) {
            try {
                @SuppressWarnings("unchecked")
                List<Object> any = (List<Object>) list;
                any.addAll(List.of());
                return false;
            } catch (UnsupportedOperationException refused) {
                return list.stream().allMatch(ClusterBehaviourDriver::readOnly);
            }
        }
        return true;
    }

    /**
     * Does what the handle's code does with its {@link Happn}: {@code emit} (event, payload, local),
     * {@code call} (component, method, arguments, options), {@code origin}, and, for a handler,
     * {@code payloadAs} (a class name: the event's payload read as that type). With a turn it runs in
     * that event's chain, on its handler's thread; without one, outside any chain. Answers within
     * {@value #PROMPT_MILLIS} ms with the outcome ({@code done} true), or with a {@code ticket} for
     * {@link #outcome}: the request itself returns once the work started, so two emits from one
     * handle leave in the order the test made them. The handle's own emits (outside a turn) answer
     * with a ticket at once unless already done, so that the test pipelines them.
     */
    public Map<String, Object> act(String turnId, String op, List<Object> args) {
        Promise<Map<String, Object>> outcome;
        if (turnId == null) {
            outcome = outside(() -> actHere(op, args, null));
        } else {
            Turn turn = turns.get(turnId);
            if (turn == null) {
                return failed(new IllegalStateException("the handler's turn " + turnId + " is over"));
            }
            CompletableFuture<Promise<Map<String, Object>>> ran = new CompletableFuture<>();
            turn.work().add(() -> ran.complete(actHere(op, args, turn.event())));
            outcome = ran.join();
        }
        // the handle's own emits pipeline (the test fetches their outcomes meanwhile); the rest are mostly done at once
        boolean pipelined = turnId == null && "emit".equals(op);
        try {
            if (pipelined && !outcome.isDone()) {
                throw new InterruptedException("pipelined");
            }
            Map<String, Object> done = outcome.timeout(PROMPT_MILLIS).getValue();
            done.put("done", true);
            return done;
        } catch (java.lang.reflect.InvocationTargetException | InterruptedException pending) {
            String ticket = java.util.UUID.randomUUID().toString();
            tickets.put(ticket, outcome);
            Map<String, Object> later = new LinkedHashMap<>();
            later.put("done", false);
            later.put("ticket", ticket);
            return later;
        }
    }

    /** The outcome of an {@link #act} that was not done at once. */
    public Promise<Map<String, Object>> outcome(String ticket) {
        Promise<Map<String, Object>> outcome = tickets.remove(ticket);
        return outcome == null ? resolved(failed(new IllegalStateException("no outcome under ticket " + ticket))) : outcome;
    }

    @SuppressWarnings("unchecked")
    private Promise<Map<String, Object>> actHere(String op, List<Object> args, MeshEvent event) {
        try {
            return switch (op) {
                case "emit" -> answered(Boolean.TRUE.equals(args.get(2)) ? happn.emitLocal((String) args.get(0), args.get(1))
                        : happn.emit((String) args.get(0), args.get(1)));
                case "call" -> answered(happn.exchange().call((String) args.get(0), (String) args.get(1), (List<Object>) args.get(2),
                        options((Map<String, Object>) args.get(3))));
                case "origin" -> resolved(ok(String.valueOf(happn.origin())));
                case "payloadAs" -> resolved(ok(event.payload(classes.loadClass((String) args.get(0)))));
                default -> throw new IllegalArgumentException("no such step: " + op);
            };
        } catch (ClassNotFoundException | RuntimeException e) {
            return resolved(failed(e));
        }
    }

    /** Runs a step of the handle's own code on a thread outside the administrator's chain, and waits for it to hand back. */
    private static <T> T outside(Supplier<T> step) {
        try {
            return OUTSIDE.submit(step::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private Object proxyOf(String component, String api, Map<String, Object> options) throws ClassNotFoundException {
        Class<?> type = classes.loadClass(api);
        String key = component + " " + api + " " + options;
        Object known = proxies.get(key);
        if (known == null) {
            known = happn.exchange().proxy(component, type, options(options));
            proxies.put(key, known);
        }
        return known;
    }

    private static CallOptions options(Map<String, Object> asked) {
        CallOptions options = CallOptions.defaults();
        if (asked == null) {
            return options;
        }
        Object route = asked.get("route");
        if ("ROUND_ROBIN".equals(route)) {
            options = options.roundRobin();
        } else if ("STICKY".equals(route)) {
            options = options.sticky(String.valueOf(asked.get("stickyKey")));
        }
        if (asked.get("range") != null) {
            options = options.range(String.valueOf(asked.get("range")));
        }
        if (asked.get("timeoutMillis") instanceof Number millis) {
            options = options.timeout(Duration.ofMillis(millis.longValue()));
        }
        if (Boolean.TRUE.equals(asked.get("lenient"))) {
            options = options.lenient();
        }
        return options;
    }

    private static Promise<Map<String, Object>> answered(Promise<?> call) {
        Deferred<Map<String, Object>> answer = new Deferred<>();
        call.onResolve(() -> {
            Throwable failure = failure(call);
            answer.resolve(failure == null ? ok(value(call)) : failed(failure));
        });
        return answer.getPromise();
    }

    private static Promise<Map<String, Object>> resolved(Map<String, Object> answer) {
        Deferred<Map<String, Object>> done = new Deferred<>();
        done.resolve(answer);
        return done.getPromise();
    }

    private static Map<String, Object> ok(Object value) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put("value", value);
        return answer;
    }

    private static Map<String, Object> failed(Throwable failure) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", false);
        if (failure instanceof SwitchboardException coded) {
            answer.put("code", coded.code());
            answer.put("message", coded.getMessage());
        } else {
            answer.put("code", "suite.driver-failed");
            answer.put("message", String.valueOf(failure));
        }
        if (failure instanceof CallFailedException call) {
            answer.put("component", call.component());
            answer.put("version", call.version());
            answer.put("method", call.method());
            answer.put("errorType", call.errorType());
            answer.put("errorId", call.errorId());
        }
        return answer;
    }

    private static Throwable failure(Promise<?> done) {
        try {
            return done.getFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private static <T> T value(Promise<T> done) {
        try {
            return done.getValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
