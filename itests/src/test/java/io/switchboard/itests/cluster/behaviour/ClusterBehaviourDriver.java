package io.switchboard.itests.cluster.behaviour;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
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

/**
 * Runs inside a runtime, in each handle bundle the cluster fixture deploys: does with the handle's
 * {@link Happn} what the test asks over the edge ({@code POST /api/exchange/<handle>/<method>}),
 * and answers every outcome as data, a failure included ({@code ok}, {@code code}, {@code message}
 * and what a {@link CallFailedException} carries), since the edge's own error format has code and
 * message only. The handle class the fixture generates passes each of its methods on to this one.
 * <p>
 * The test's request reaches the handle as a call the administrator started, but the test stands
 * for the handle's own code, outside any chain (as a handle in one JVM is used): so what the handle
 * does runs on a thread of its own, where no caller's chain (origin, hops) is current.
 */
public final class ClusterBehaviourDriver {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Threads outside any chain; none is kept while idle, so a handle's bundle leaves nothing behind. */
    private static final ExecutorService OUTSIDE = new ThreadPoolExecutor(0, 16, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
        Thread thread = new Thread(task, "suite-handle");
        thread.setDaemon(true);
        return thread;
    });

    private final Happn happn;
    private final ClassLoader classes;
    private final Map<String, Object> proxies = new ConcurrentHashMap<>();
    private final List<List<String>> moved = new CopyOnWriteArrayList<>();

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

    /** Subscribes as the caller's code would; what it hears stays here (the test's handlers run in its own JVM). */
    public Map<String, Object> on(String component, String pattern) {
        return outside(() -> onHere(component, pattern));
    }

    private Map<String, Object> onHere(String component, String pattern) {
        try {
            happn.event().on(component, pattern, event -> { });
            return ok(null);
        } catch (RuntimeException e) {
            return failed(e);
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
