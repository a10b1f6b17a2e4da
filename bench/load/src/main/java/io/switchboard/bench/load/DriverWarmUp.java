package io.switchboard.bench.load;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;

/**
 * Warms the driver's own JIT before a measured round: a driver whose compilers still work competes
 * with the server for the 2 cores (measured: 0.8–1.0 s of JIT in a measured round of 100,000 sets
 * after one warm-up round, most of the driver's CPU). Repeats a warm-up round, on the connections the
 * measured round will use, until one in which this JVM's compilers used under DRIVER_JIT_SHARE of its
 * wall time (default 0.05), DRIVER_WARM_ROUNDS rounds at most (default 10).
 */
final class DriverWarmUp {

    /** One warm-up round; false when it could not complete (no point in another). */
    interface Round {
        boolean run() throws Exception;
    }

    private static final int MAX_ROUNDS = Integer.parseInt(System.getenv().getOrDefault("DRIVER_WARM_ROUNDS", "10"));
    static final double QUIET = Double.parseDouble(System.getenv().getOrDefault("DRIVER_JIT_SHARE", "0.05"));

    private DriverWarmUp() {
    }

    /** Runs rounds until the JIT is quiet; returns how many ran. */
    static int until(Round round) throws Exception {
        int rounds = 0;
        while (rounds < MAX_ROUNDS) {
            long jitAtStart = jitMillis();
            long start = System.nanoTime();
            boolean complete = round.run();
            rounds++;
            double millis = (System.nanoTime() - start) / 1e6;
            if (!complete || jitMillis() - jitAtStart < QUIET * millis) {
                break;
            }
        }
        return rounds;
    }

    static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** What this JVM spent from its making on: a measured round's CPU and JIT, the driver's own cost. */
    static final class Cost {
        private final long[] cpuAtStart = Cpu.now();
        private final long jitAtStart = jitMillis();
        private final long blocksAtStart = blocks();

        private double cpuMicrosPer(long messages) {
            return Cpu.perMessage(cpuAtStart, Cpu.now(), 0, (int) messages);
        }

        private long jitMillisSince() {
            return jitMillis() - jitAtStart;
        }

        /**
         * Prints {@code <workload> driver_cpu_us_per_<unit>}, {@code driver_blocks_per_<unit>} (the
         * times one of this JVM's threads blocked, each one wake-up later, per message: Linux's
         * voluntary context switches, where a driver's threads hand work to each other),
         * {@code driver_jit_ms} and {@code driver_warm_rounds}.
         */
        void print(String workload, String unit, long messages, int warmRounds) {
            System.out.printf("%s driver_cpu_us_per_%s %.1f%n%s driver_blocks_per_%s %.2f%n%s driver_jit_ms %d%n%s driver_warm_rounds %d%n",
                    workload, unit, cpuMicrosPer(messages), workload, unit, (blocks() - blocksAtStart) / (double) Math.max(1, messages),
                    workload, jitMillisSince(), workload, warmRounds);
        }
    }

    /** The voluntary context switches of this JVM's live threads so far (0 where /proc is not there). */
    static long blocks() {
        File[] tasks = new File("/proc/self/task").listFiles();
        long sum = 0;
        for (File task : tasks == null ? new File[0] : tasks) {
            try {
                for (String line : Files.readAllLines(new File(task, "status").toPath())) {
                    if (line.startsWith("voluntary_ctxt_switches:")) {
                        sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // a thread that ended meanwhile: its switches are not counted
            }
        }
        return sum;
    }
}
