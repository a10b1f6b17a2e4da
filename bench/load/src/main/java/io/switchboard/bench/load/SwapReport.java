package io.switchboard.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits paced calls into the steady state and the swap windows, and prints for each
 * {@code <phase> <metric> <value>} lines: calls, failed, p50_us, p99_us, max_us. A call belongs to
 * the phase of the moment it was due; calls due during the warm-up count in neither.
 */
final class SwapReport {

    private final long startEpochMs;
    private final long startNanos;
    private final long warmUpNanos;
    private final List<long[]> windowsNanos = new ArrayList<>();
    private final Phase steady;
    private final Phase swap;

    /**
     * windows are {start epoch ms, end epoch ms}; the driver's clock started at startEpochMs = startNanos;
     * capacity is the most calls that will be added.
     */
    SwapReport(long startEpochMs, long startNanos, long warmUpNanos, List<long[]> windows, int capacity) {
        this.steady = new Phase("steady", capacity);
        this.swap = new Phase("swap", capacity);
        this.startEpochMs = startEpochMs;
        this.startNanos = startNanos;
        this.warmUpNanos = warmUpNanos;
        for (long[] window : windows) {
            windowsNanos.add(new long[] {toNanos(window[0]), toNanos(window[1])});
        }
    }

    private long toNanos(long epochMs) {
        return startNanos + (epochMs - startEpochMs) * 1_000_000L;
    }

    /** One call: when it was due (System.nanoTime), its latency (-1 when unanswered), whether it failed. */
    void add(long dueNanos, long latencyNanos, boolean failed) {
        if (dueNanos - startNanos < warmUpNanos) {
            return;
        }
        Phase phase = steady;
        for (long[] window : windowsNanos) {
            if (dueNanos >= window[0] && dueNanos <= window[1]) {
                phase = swap;
                break;
            }
        }
        phase.add(latencyNanos, failed);
    }

    void print(PrintStream out) {
        steady.print(out);
        swap.print(out);
    }

    /** Lines of "start-epoch-ms end-epoch-ms"; anything else on a line after them is a label, ignored. A missing file is no windows. */
    static List<long[]> readWindows(Path file) throws IOException {
        List<long[]> windows = new ArrayList<>();
        if (!Files.exists(file)) {
            return windows;
        }
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 2 && !parts[0].startsWith("#")) {
                windows.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
            }
        }
        return windows;
    }

    private static final class Phase {
        private final String name;
        private final Stats latency;
        private int calls;
        private int failed;

        Phase(String name, int capacity) {
            this.name = name;
            this.latency = new Stats(capacity);
        }

        void add(long latencyNanos, boolean failure) {
            calls++;
            if (failure) {
                failed++;
            }
            if (latencyNanos >= 0) {
                latency.add(latencyNanos);
            }
        }

        void print(PrintStream out) {
            out.printf("%s calls %d%n%s failed %d%n", name, calls, name, failed);
            if (latency.size() > 0) {
                out.printf("%s p50_us %.1f%n%s p99_us %.1f%n%s max_us %.1f%n", name, latency.micros(0.5), name, latency.micros(0.99),
                        name, latency.micros(1.0));
            }
        }
    }
}
