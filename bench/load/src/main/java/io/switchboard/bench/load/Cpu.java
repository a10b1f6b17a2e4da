package io.switchboard.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this driver and of the server under test, read at a phase's start and end, so that a
 * figure says what one message costs each side whatever else the machine runs (a shared, loaded
 * machine stretches times, much less CPU). The server is the process {@code SERVER_PID} (env) names,
 * read from {@code /proc}; without it, its figure is NaN.
 */
final class Cpu {

    /** Linux's USER_HZ: /proc's times are in these ticks. */
    private static final double TICKS_PER_SECOND = 100;

    private Cpu() {
    }

    /** {this driver's, the server's} CPU nanoseconds now (the server's -1 when unknown). */
    static long[] now() {
        long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new long[] {own, server()};
    }

    private static long server() {
        String pid = System.getenv("SERVER_PID");
        if (pid == null) {
            return -1;
        }
        try {
            return (long) (ticks(Path.of("/proc", pid, "stat")) / TICKS_PER_SECOND * 1e9);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A process's or thread's user and system time in ticks: fields 14 and 15 of its {@code stat}. */
    private static long ticks(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * CPU nanoseconds the server's JIT compiler threads ({@code C1/C2 CompilerThread}) have used, or -1
     * without {@code SERVER_PID}: how far the server's compilers still work in a warm-up.
     */
    static long serverJitNanos() {
        String pid = System.getenv("SERVER_PID");
        if (pid == null) {
            return -1;
        }
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        ticks += ticks(task.resolve("stat"));
                    }
                } catch (IOException | RuntimeException e) {
                    // a compiler thread may end as it is read
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return (long) (ticks / TICKS_PER_SECOND * 1e9);
    }

    /** Microseconds of CPU per message between two readings, for this driver (0) or the server (1). */
    static double perMessage(long[] from, long[] to, int which, int messages) {
        if (from[which] < 0 || to[which] < 0) {
            return Double.NaN;
        }
        return (to[which] - from[which]) / 1e3 / messages;
    }
}
