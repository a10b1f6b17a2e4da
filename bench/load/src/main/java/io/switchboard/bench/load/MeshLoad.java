package io.switchboard.bench.load;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remote calls to {@code deviceManager.version()} over switchboard.v1 frames on a plain blocking
 * WebSocket ({@link FrameSocket}, on Jetty's core client), so the client adds as little as possible. Each workload is bounded
 * in count and time and prints {@code <workload> <metric> <value>} lines (bench/mesh-net.sh reads them):
 * <pre>
 *   call PORT [N]            one call in flight: p50_us, p99_us
 *   pipe PORT [N] [WINDOW]   WINDOW calls in flight on one connection (default 100): calls_per_s, p99_us
 * </pre>
 * {@code -DwarmUpCalls=N} sets the calls made before measuring (by default 2,000 for call, min(N, 20,000) for pipe).
 */
public final class MeshLoad {

    private static final int WARM_UP = 2_000;
    private static final long LIMIT_SECONDS = 120;

    private MeshLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        switch (args[0]) {
            case "call" -> call(port, n);
            case "pipe" -> pipe(port, n, args.length > 3 ? Integer.parseInt(args[3]) : 100);
            default -> throw new IllegalArgumentException("unknown workload " + args[0] + " (call, pipe)");
        }
    }

    /** One call in flight: each made from the previous answer's callback on Jetty's reading thread ({@link FrameSocket#oneAtATime}). */
    private static void call(int port, int n) throws IOException {
        try (FrameSocket socket = MeshCalls.session(port)) {
            socket.oneAtATime(Integer.getInteger("warmUpCalls", WARM_UP), Long.MAX_VALUE, i -> MeshCalls.call(i + 1),
                    (i, nanos, answer) -> MeshCalls.expectOk(answer));
            Stats latency = new Stats(n);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
            socket.oneAtATime(n, deadline, i -> MeshCalls.call(WARM_UP + i + 1), (i, nanos, answer) -> {
                latency.add(nanos);
                MeshCalls.expectOk(answer);
            });
            System.out.printf("call p50_us %.1f%ncall p99_us %.1f%ncall calls %d%n", latency.micros(0.5), latency.micros(0.99), latency.size());
        }
    }

    /**
     * Warm-up rounds until the driver's JIT is quiet ({@link DriverWarmUp}; warmUpCalls calls each,
     * default min(n, 20,000)), then the measured one, all on one connection: calls/s over the round,
     * each call's time from its write to its answer, and the driver's own CPU and JIT in the round.
     */
    private static void pipe(int port, int n, int window) throws Exception {
        try (FrameSocket socket = MeshCalls.session(port)) {
            socket.send(MeshCalls.call(0), true); // one call first, so that a runtime that cannot call fails here, once
            MeshCalls.expectOk(socket.receive());
            int warm = Integer.getInteger("warmUpCalls", Math.min(n, 20_000));
            long[] made = {1}; // calls made so far, each round's ids after the last round's
            int rounds = DriverWarmUp.until(() -> {
                int[] warmUp = round(socket, warm, window, made[0], new Stats(warm)); // as measured: the same code, compiled once
                made[0] += warm;
                return warmUp[1] == 0;
            });
            Stats latency = new Stats(n);
            DriverWarmUp.Cost cost = new DriverWarmUp.Cost();
            long start = System.nanoTime();
            int[] outcome = round(socket, n, window, made[0], latency);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("pipe calls_per_s %.0f%npipe p99_us %.1f%npipe calls %d%npipe failed %d%npipe all_calls %d%n", outcome[0] / seconds,
                    latency.micros(0.99), outcome[0], outcome[1], made[0] + outcome[0] + outcome[1]);
            cost.print("pipe", "call", n, rounds);
        }
    }

    /**
     * Sends n calls with ids from firstId, at most window unanswered; returns {answered ok, failed}.
     * Answers are read from their bytes on Jetty's reading thread.
     */
    private static int[] round(FrameSocket socket, int n, int window, long firstId, Stats latency) throws Exception {
        long[] sentAt = new long[n];
        Semaphore free = new Semaphore(window);
        CountDownLatch answered = new CountDownLatch(n);
        AtomicInteger failed = new AtomicInteger();
        socket.listen(answer -> {
            long id = MeshCalls.id(answer);
            if (answered.getCount() == 0 || id < firstId || id >= firstId + n) {
                return;
            }
            if (MeshCalls.ok(answer)) {
                if (latency != null) {
                    latency.add(System.nanoTime() - sentAt[(int) (id - firstId)]);
                }
            } else if (failed.getAndIncrement() < 3) {
                System.err.println("pipe: " + Bytes.text(answer));
            }
            free.release();
            answered.countDown();
        });
        socket.onEnd(why -> {
            if (answered.getCount() > 0) {
                System.err.println("pipe answers: " + why);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        int sent = 0;
        for (; sent < n && System.nanoTime() < deadline; sent++) {
            if (!free.tryAcquire()) {
                socket.flush();
                if (!free.tryAcquire(10, TimeUnit.SECONDS)) {
                    System.err.println("pipe: no answer for 10 s");
                    break;
                }
            }
            sentAt[sent] = System.nanoTime();
            socket.send(MeshCalls.call(firstId + sent), false);
        }
        socket.flush();
        long unsent = n - sent;
        for (long i = 0; i < unsent; i++) {
            answered.countDown();
        }
        answered.await(30, TimeUnit.SECONDS);
        int lost = (int) answered.getCount();
        return new int[] {sent - failed.get() - lost, failed.get() + lost};
    }
}
