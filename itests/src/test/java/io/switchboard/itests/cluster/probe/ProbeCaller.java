package io.switchboard.itests.cluster.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.CallOutcome;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;

/**
 * Calls {@code probeTarget} the way a component does, with the route asked for, so that a client
 * (over HTTP) can drive calls across nodes: clients reach only the node they are attached to, and
 * this component reaches every node.
 */
@MeshComponent(name = "probeCaller", optionalDependencies = "probeTarget >=0.0.0")
public final class ProbeCaller {

    private static final Map<String, Object> PAYLOAD = Map.of("deviceId", "thermostat-1", "value", 21.5, "note", "x".repeat(40));

    private final Happn happn;

    public ProbeCaller(Happn happn) {
        this.happn = happn;
    }

    /**
     * Calls a method of probeTarget.
     *
     * @param route {@code preferLocal}, {@code roundRobin} or {@code sticky} (with {@code key})
     * @param range a semver range narrowing the versions, or null
     */
    public Promise<Object> call(String method, List<Object> args, String route, String key, String range) {
        return happn.exchange().call("probeTarget", method, args, options(route, key, range));
    }

    /** Calls a method of every probeTarget instance: one entry per instance, its value or its failure's code. */
    public Promise<List<Map<String, Object>>> callAll(String method) {
        return happn.exchange().callAll("probeTarget", method, List.of()).map(outcomes -> {
            List<Map<String, Object>> answers = new ArrayList<>();
            for (CallOutcome outcome : outcomes) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("instance", outcome.instance());
                answer.put("version", outcome.version());
                if (outcome.failed()) {
                    answer.put("error", outcome.failure().code());
                } else {
                    answer.put("value", outcome.value());
                }
                answers.add(answer);
            }
            return answers;
        });
    }

    /**
     * Calls probeTarget.echo {@code calls} times with {@code window} in flight, and reports
     * calls/s, the latency of each call (p50, p99, max, in microseconds) as this node saw it, and
     * when the first and the last failed call ended (ms since the epoch, 0 when none failed).
     */
    public Promise<Map<String, Object>> bench(int calls, int window, String route) {
        return benchIn(calls, window, route, null);
    }

    /** {@link #bench} over the versions in a semver range (null: any). */
    public Promise<Map<String, Object>> benchIn(int calls, int window, String route, String range) {
        Deferred<Map<String, Object>> done = new Deferred<>();
        CallOptions options = options(route, "bench", range);
        long[] latencies = new long[calls];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long[] failedAt = {0, 0};
        List<String> errors = new ArrayList<>();
        long start = System.nanoTime();
        Runnable[] issue = new Runnable[1];
        issue[0] = () -> {
            int index;
            while ((index = next.getAndIncrement()) < calls) {
                int i = index;
                long sent = System.nanoTime();
                Promise<Object> answer = happn.exchange().call("probeTarget", "echo", List.of(PAYLOAD), options);
                Runnable record = () -> {
                    latencies[i] = System.nanoTime() - sent;
                    if (answer.isDone() && failure(answer) != null) {
                        failed.incrementAndGet();
                        synchronized (errors) {
                            long now = System.currentTimeMillis();
                            failedAt[0] = failedAt[0] == 0 ? now : failedAt[0];
                            failedAt[1] = now;
                            if (errors.size() < 5) {
                                errors.add(String.valueOf(failure(answer)));
                            }
                        }
                    }
                    if (finished.incrementAndGet() == calls) {
                        synchronized (errors) {
                            done.resolve(report(latencies, System.nanoTime() - start, failed.get(), failedAt, errors));
                        }
                    }
                };
                if (answer.isDone()) {
                    record.run(); // answered at once: go on here rather than recurse
                    continue;
                }
                answer.onResolve(() -> {
                    record.run();
                    issue[0].run();
                });
                return;
            }
        };
        for (int i = 0; i < Math.max(1, window); i++) {
            issue[0].run();
        }
        return done.getPromise();
    }

    private static Map<String, Object> report(long[] latencies, long elapsedNanos, int failed, long[] failedAt, List<String> errors) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("calls", sorted.length);
        report.put("failed", failed);
        report.put("seconds", elapsedNanos / 1e9);
        report.put("callsPerSecond", sorted.length / (elapsedNanos / 1e9));
        report.put("p50Micros", sorted[sorted.length / 2] / 1e3);
        report.put("p99Micros", sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] / 1e3);
        report.put("maxMicros", sorted[sorted.length - 1] / 1e3);
        report.put("firstFailureAt", failedAt[0]);
        report.put("lastFailureAt", failedAt[1]);
        report.put("errors", List.copyOf(errors));
        return report;
    }

    private static Throwable failure(Promise<?> promise) {
        try {
            return promise.getFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private static CallOptions options(String route, String key, String range) {
        CallOptions options = switch (route == null ? "preferLocal" : route) {
            case "roundRobin" -> CallOptions.defaults().roundRobin();
            case "sticky" -> CallOptions.defaults().sticky(key == null ? "probe" : key);
            case "preferLocal" -> CallOptions.defaults();
            default -> throw new SwitchboardException("probe.bad-route", "no route " + route);
        };
        return range == null ? options : options.range(range);
    }
}
