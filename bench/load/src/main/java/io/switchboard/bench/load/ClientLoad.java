package io.switchboard.bench.load;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.client.ClientOptions;
import io.switchboard.client.SwitchboardClient;

/**
 * The remote call of {@link MeshLoad}, {@code deviceManager.version()}, made with Switchboard's Java
 * client ({@link SwitchboardClient#call}) instead of raw frames: what an application pays. Bounded in
 * count and time; prints {@code call|pipe <metric> <value>} lines:
 * <pre>
 *   call PORT [N]            one call in flight: p50_us, p99_us
 *   pipe PORT [N] [WINDOW]   WINDOW calls in flight (default 100): calls_per_s, p99_us
 *   chain PORT [N]           one call in flight, each sent from the previous one's callback on the
 *                            client's reading thread instead of by a caller blocked in getValue(): p50_us, p99_us
 * </pre>
 * With SWITCHBOARD_ADMIN_PASSWORD set, the client logs in as MeshLoad's ordinary user, granted this call only.
 * {@code -DwarmUpCalls=N} sets the calls made before measuring, as {@link MeshLoad} takes it (by default
 * 2,000 for call; for pipe, rounds of min(N, 20,000) until the JIT is quiet, {@link DriverWarmUp}):
 * the client's JVM compiles more code than the raw driver's, and on a small machine its JIT still
 * runs in a measured round that follows a short warm-up.
 */
public final class ClientLoad {

    private static final int WARM_UP = 2_000;
    private static final long LIMIT_SECONDS = 120;

    private ClientLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        ClientOptions options = ClientOptions.to(URI.create("ws://127.0.0.1:" + port + "/api/ws")).withName("client-load");
        if (MeshCalls.ADMIN_PASSWORD != null) {
            MeshCalls.makeUser(port);
            options = options.withCredentials(MeshCalls.USER, MeshCalls.USER_PASSWORD);
        }
        try (SwitchboardClient client = SwitchboardClient.connect(options).getValue()) {
            switch (args[0]) {
                case "call" -> call(client, n);
                case "pipe" -> pipe(client, n, args.length > 3 ? Integer.parseInt(args[3]) : 100);
                case "chain" -> chain(client, n);
                default -> throw new IllegalArgumentException("unknown workload " + args[0] + " (call, pipe, chain)");
            }
        }
    }

    private static Promise<JsonNode> version(SwitchboardClient client) {
        return client.call("deviceManager", "version", List.of());
    }

    private static void call(SwitchboardClient client, int n) throws Exception {
        for (int i = 0, warmUp = Integer.getInteger("warmUpCalls", WARM_UP); i < warmUp; i++) {
            expect(version(client).getValue());
        }
        Stats latency = new Stats(n);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        for (int i = 0; i < n && System.nanoTime() < deadline; i++) {
            long start = System.nanoTime();
            JsonNode result = version(client).getValue();
            latency.add(System.nanoTime() - start);
            expect(result);
        }
        System.out.printf("call p50_us %.1f%ncall p99_us %.1f%ncall calls %d%n", latency.micros(0.5), latency.micros(0.99), latency.size());
    }

    /**
     * One call at a time as {@link #call}, but the next call goes from the answer's callback, which runs
     * on the client's reading thread: the answer wakes that thread only, as it wakes the raw driver's
     * caller blocked in its read, where {@link #call} wakes the reading thread and then the caller.
     */
    private static void chain(SwitchboardClient client, int n) throws Exception {
        chained(client, Integer.getInteger("warmUpCalls", WARM_UP), null);
        Stats latency = new Stats(n);
        int made = chained(client, n, latency);
        System.out.printf("chain p50_us %.1f%nchain p99_us %.1f%nchain calls %d%n", latency.micros(0.5), latency.micros(0.99), made);
    }

    /** n calls, each made by the previous one's callback; returns how many were answered. */
    private static int chained(SwitchboardClient client, int n, Stats latency) throws Exception {
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        int[] answered = new int[1];
        Runnable next = new Runnable() {
            @Override
            public void run() {
                long start = System.nanoTime();
                Promise<JsonNode> answer = version(client);
                answer.onResolve(() -> {
                    Throwable failure = failureOf(answer);
                    if (failure != null) {
                        System.err.println("chain: " + failure);
                        finished.countDown();
                        return;
                    }
                    if (latency != null) {
                        latency.add(System.nanoTime() - start);
                    }
                    try {
                        expect(answer.getValue());
                    } catch (Exception e) {
                        System.err.println("chain: " + e);
                        finished.countDown();
                        return;
                    }
                    if (++answered[0] < n && System.nanoTime() < deadline) {
                        run();
                    } else {
                        finished.countDown();
                    }
                });
            }
        };
        next.run();
        if (!finished.await(LIMIT_SECONDS + 30, TimeUnit.SECONDS)) {
            System.err.println("chain: not finished in time");
        }
        return answered[0];
    }

    /** Warm-up rounds until the client's JIT is quiet ({@link DriverWarmUp}), as {@link MeshLoad}'s, then the measured one. */
    private static void pipe(SwitchboardClient client, int n, int window) throws Exception {
        expect(version(client).getValue());
        int warm = Integer.getInteger("warmUpCalls", Math.min(n, 20_000));
        long[] made = {1};
        int rounds = DriverWarmUp.until(() -> {
            int[] warmUp = round(client, warm, window, new Stats(warm)); // as measured: the same code, compiled once
            made[0] += warmUp[0] + warmUp[1];
            return warmUp[1] == 0;
        });
        Stats latency = new Stats(n);
        DriverWarmUp.Cost cost = new DriverWarmUp.Cost();
        long start = System.nanoTime();
        int[] outcome = round(client, n, window, latency);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("pipe calls_per_s %.0f%npipe p99_us %.1f%npipe calls %d%npipe failed %d%npipe all_calls %d%n", outcome[0] / seconds,
                latency.micros(0.99), outcome[0], outcome[1], made[0] + outcome[0] + outcome[1]);
        cost.print("pipe", "call", n, rounds);
    }

    /** n calls, at most window unanswered; returns {answered, failed}. */
    private static int[] round(SwitchboardClient client, int n, int window, Stats latency) throws Exception {
        return Pipeline.round("pipe", n, window, LIMIT_SECONDS, latency, done -> {
            Promise<JsonNode> answer = version(client);
            answer.onResolve(() -> done.done(failureOf(answer)));
        });
    }

    /** The failure of a resolved promise (asking does not block then). */
    private static Throwable failureOf(Promise<?> resolved) {
        try {
            return resolved.getFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private static void expect(JsonNode result) {
        if (result == null || !result.asText().startsWith("1.")) {
            throw new IllegalStateException("unexpected answer " + result);
        }
    }
}
