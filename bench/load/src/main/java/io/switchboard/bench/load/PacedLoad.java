package io.switchboard.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Calls to {@code deviceManager.version()} at a fixed rate on one connection while bench/mesh-swap.sh
 * swaps the component's versions, bounded in time:
 * <pre>
 *   paced PORT RATE MAX_SECONDS CONTROL_DIR [WARM_UP_SECONDS]
 * </pre>
 * The driver stops at MAX_SECONDS, or earlier once the script creates {@code CONTROL_DIR/stop}. It
 * then reads {@code CONTROL_DIR/windows}, lines of {@code <start epoch ms> <end epoch ms>} that
 * mark the swaps, and prints latency and failures for the steady state (outside every window, after
 * the warm-up) and for the swap windows ({@link SwapReport}).
 *
 * <p>Each call's latency is counted from the moment it was <em>due</em>, not from when it was
 * written, so a stall in the runtime (or in the driver) shows in the figures rather than silently
 * lowering the rate (no coordinated omission). At most one second's worth of calls is left
 * unanswered; past that the sender waits, and the lateness still shows in the latencies.
 */
public final class PacedLoad {

    private PacedLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int maxSeconds = Integer.parseInt(args[3]);
        Path control = Path.of(args[4]);
        int warmUpSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        if (!"paced".equals(args[0]) || rate <= 0 || maxSeconds <= 0) {
            throw new IllegalArgumentException("usage: paced PORT RATE MAX_SECONDS CONTROL_DIR [WARM_UP_SECONDS]");
        }
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) rate * maxSeconds);
        long[] dueNanos = new long[capacity];
        long[] latencyNanos = new long[capacity];
        boolean[] failed = new boolean[capacity];
        long startEpochMs;
        long startNanos;
        int sent;
        int unanswered;
        AtomicBoolean sentFinished = new AtomicBoolean();
        try (FrameSocket socket = MeshCalls.session(port)) {
            AtomicInteger sentCount = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger answeredCount = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            // answers are read from their bytes on Jetty's reading thread
            socket.listen(answer -> {
                long id = MeshCalls.id(answer);
                if (id < 1 || id > capacity) {
                    return;
                }
                int i = (int) (id - 1);
                latencyNanos[i] = System.nanoTime() - dueNanos[i];
                if (!MeshCalls.ok(answer)) {
                    failed[i] = true;
                    if (failures.getAndIncrement() < 5) {
                        System.err.println("paced: call " + id + " failed: " + Bytes.text(answer));
                    }
                }
                if (answeredCount.incrementAndGet() == sentCount.get() && sentFinished.get()) {
                    done.countDown();
                }
            });
            socket.onEnd(why -> done.countDown());

            Path stop = control.resolve("stop");
            long interval = 1_000_000_000L / rate;
            startEpochMs = System.currentTimeMillis();
            startNanos = System.nanoTime();
            long end = startNanos + TimeUnit.SECONDS.toNanos(maxSeconds);
            long nextStopCheck = startNanos;
            int i = 0;
            while (i < capacity) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                if (now >= nextStopCheck) {
                    if (Files.exists(stop)) {
                        break;
                    }
                    nextStopCheck = now + 100_000_000L;
                }
                long due = startNanos + i * interval;
                if (due > now) {
                    socket.flush();
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                if (i - answeredCount.get() >= rate) {
                    socket.flush();
                    LockSupport.parkNanos(100_000);
                    continue;
                }
                dueNanos[i] = due;
                sentCount.set(i + 1);
                socket.send(MeshCalls.call(i + 1), false);
                i++;
            }
            socket.flush();
            sent = i;
            sentFinished.set(true);
            if (answeredCount.get() < sent) {
                done.await(30, TimeUnit.SECONDS);
            }
            unanswered = sent - answeredCount.get();
        }
        // the records of the answers counted above are visible here (each was written before its count); one still arriving is not counted
        List<long[]> windows = SwapReport.readWindows(control.resolve("windows"));
        SwapReport report = new SwapReport(startEpochMs, startNanos, TimeUnit.SECONDS.toNanos(warmUpSeconds), windows, sent);
        for (int c = 0; c < sent; c++) {
            boolean answered = latencyNanos[c] != 0;
            report.add(dueNanos[c], answered ? latencyNanos[c] : -1, failed[c] || !answered);
        }
        double seconds = (dueNanos[Math.max(0, sent - 1)] - startNanos) / 1e9;
        System.out.printf("paced rate_per_s %.0f%npaced calls %d%npaced unanswered %d%npaced swaps %d%n",
                seconds > 0 ? sent / seconds : 0.0, sent, unanswered, windows.size());
        report.print(System.out);
    }
}
