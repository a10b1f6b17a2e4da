package io.switchboard.dataedge.internal;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Consumer;

import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link FrameCodecBenchmark}'s operations timed by the thread's own CPU time rather than the
 * wall clock, with the bytes it allocated: on a shared, loaded machine the wall clock measures the
 * scheduler, CPU time the codec. Tree and streaming alternate round by round, so both see the same
 * machine. Bounded: a fixed warm-up, then {@value #ROUNDS} rounds of {@value #OPS} operations each.
 *
 * <p>Run: {@code java -cp bench/jmh/target/benchmarks.jar io.switchboard.dataedge.internal.FrameCodecCpuTime}
 */
public final class FrameCodecCpuTime {

    private static final int ROUNDS = 7;
    private static final int OPS = 300_000;

    private FrameCodecCpuTime() {
    }

    public static void main(String[] args) {
        Blackhole out = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        System.out.printf("load average %s%n", load());
        for (String frame : new String[] {"set", "get"}) {
            FrameCodecBenchmark bench = new FrameCodecBenchmark();
            bench.frame = frame;
            bench.setUp();
            for (int i = 0; i < 3_000_000; i++) { // warm-up, both paths compiled
                bench.tree(out);
                bench.streaming(out);
            }
            double[][] tree = new double[2][ROUNDS];
            double[][] streaming = new double[2][ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                measure(bench::tree, out, tree, round);
                measure(bench::streaming, out, streaming, round);
            }
            System.out.printf("%s tree      %7.0f ns CPU/op  %6.0f B/op%n", frame, median(tree[0]), median(tree[1]));
            System.out.printf("%s streaming %7.0f ns CPU/op  %6.0f B/op  (streaming/tree: CPU %.2f, bytes %.2f)%n", frame,
                    median(streaming[0]), median(streaming[1]), median(streaming[0]) / median(tree[0]), median(streaming[1]) / median(tree[1]));
        }
        System.out.printf("load average %s%n", load());
    }

    private static void measure(Consumer<Blackhole> op, Blackhole out, double[][] into, int round) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long cpu = threads.getCurrentThreadCpuTime();
        long bytes = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < OPS; i++) {
            op.accept(out);
        }
        into[0][round] = (threads.getCurrentThreadCpuTime() - cpu) / (double) OPS;
        into[1][round] = (threads.getThreadAllocatedBytes(thread) - bytes) / (double) OPS;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String load() {
        return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
