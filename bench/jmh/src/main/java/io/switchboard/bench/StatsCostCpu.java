package io.switchboard.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.WriteOptions;
import io.switchboard.data.internal.BenchData;
import io.switchboard.session.SessionEndpoint;
import io.switchboard.session.internal.BenchSessions;
import io.switchboard.stats.internal.BenchStats;
import io.switchboard.subscription.SubscribeOptions;

/**
 * {@link StatsCostBenchmark}'s two paths measured in CPU time rather than wall time, stats off and on
 * side by side in one JVM, in alternating blocks: on a shared machine a benchmark thread waits for
 * a core for longer than it works, which moves throughput by several times from run to run, while
 * the CPU time an operation takes moves far less. {@code sessionPing} is measured on the calling
 * thread (the session's lanes run inline); {@code setToSubscriber} as the writer's CPU time (where
 * a set is timed) and as every thread's (the delivery runs on the subscription's and publisher's
 * threads; the writer's wait for it is left out). Prints the median CPU time per operation of each
 * and the ratio on/off.
 *
 * <p>usage: {@code java -cp bench/jmh/target/benchmarks.jar io.switchboard.bench.StatsCostCpu [blocks]} (default 20);
 * with {@code -Dstats.aa=true} both sides run without the stats service (an A/A run: the spread the
 * method itself has).
 */
public final class StatsCostCpu {

    private static final byte[] PING = "{\"id\":1,\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
    private static final int PINGS_PER_BLOCK = 200_000;
    private static final int SETS_PER_BLOCK = 50_000;
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private StatsCostCpu() {
    }

    /** One stack, with or without the stats service, and its subscriber's count. */
    private static final class Setup {
        final Stack stack;
        final AtomicLong received = new AtomicLong();
        final SessionEndpoint session;
        long sent;

        Setup(BenchStats stats) throws Exception {
            stack = new Stack(Store.MEMORY);
            if (stats != null) {
                BenchData.bindStats(stack.data, stats.stats());
            }
            stack.subscriptions.on("/bench/**", SubscribeOptions.DEFAULTS, event -> received.incrementAndGet()).getValue();
            session = BenchSessions.open(stats == null ? null : stats.stats());
        }

        long pings() {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < PINGS_PER_BLOCK; i++) {
                session.received(PING, 0, PING.length);
            }
            return THREADS.getCurrentThreadCpuTime() - start;
        }

        /** The writer's CPU time, and every thread's but the writer's wait, for a block of sets until all are delivered. */
        long[] sets(String[] paths, ObjectNode[] documents) {
            long[] ids = THREADS.getAllThreadIds();
            long[] before = THREADS.getThreadCpuTime(ids);
            long writerStart = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < SETS_PER_BLOCK; i++) {
                int k = (int) (sent++ % paths.length);
                stack.data.set(paths[k], documents[k], WriteOptions.DEFAULTS);
            }
            long writer = THREADS.getCurrentThreadCpuTime() - writerStart;
            while (received.get() < sent) {
                LockSupport.parkNanos(20_000);
            }
            long waited = THREADS.getCurrentThreadCpuTime() - writerStart - writer;
            long[] after = THREADS.getThreadCpuTime(ids);
            long all = 0;
            for (int i = 0; i < ids.length; i++) {
                if (before[i] >= 0 && after[i] >= 0) {
                    all += after[i] - before[i];
                }
            }
            return new long[] {writer, all - waited};
        }
    }

    public static void main(String[] args) throws Exception {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        BenchStats stats = BenchStats.create();
        Setup off = new Setup(null);
        // -Dstats.aa=true: "on" without the stats service too, to see the spread between two equal setups
        Setup on = new Setup(Boolean.getBoolean("stats.aa") ? null : stats);
        String[] paths = Stack.paths("/bench/doc/", 1_000);
        ObjectNode[] documents = Stack.documents(1_000);
        for (int i = 0; i < 5; i++) { // warm-up: both paths compiled with both cases seen
            off.pings();
            on.pings();
            off.sets(paths, documents);
            on.sets(paths, documents);
        }
        List<Double> pingOff = new ArrayList<>();
        List<Double> pingOn = new ArrayList<>();
        List<Double> setOff = new ArrayList<>();
        List<Double> setOn = new ArrayList<>();
        List<Double> setAllOff = new ArrayList<>();
        List<Double> setAllOn = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            boolean offFirst = b % 2 == 0;
            for (Setup setup : offFirst ? List.of(off, on) : List.of(on, off)) {
                (setup == off ? pingOff : pingOn).add(setup.pings() / (double) PINGS_PER_BLOCK);
                long[] cpu = setup.sets(paths, documents);
                (setup == off ? setOff : setOn).add(cpu[0] / (double) SETS_PER_BLOCK);
                (setup == off ? setAllOff : setAllOn).add(cpu[1] / (double) SETS_PER_BLOCK);
            }
        }
        print("sessionPing (thread CPU ns/op)", pingOn, pingOff);
        print("setToSubscriber (writer CPU ns/op)", setOn, setOff);
        print("setToSubscriber (all threads ns/op)", setAllOn, setAllOff);
        stats.scrape().get().lines().filter(line -> line.startsWith("switchboard_data_operation_seconds_count{operation=\"set\"")
                || line.startsWith("switchboard_session_frames_total")).forEach(line -> System.out.println("  scraped: " + line));
        off.stack.close();
        on.stack.close();
        System.exit(0);
    }

    private static void print(String what, List<Double> on, List<Double> off) {
        double medianOn = median(on);
        double medianOff = median(off);
        System.out.printf("%-38s on %8.1f  off %8.1f  on/off %.3f  (%d blocks each)%n", what, medianOn, medianOff, medianOn / medianOff, on.size());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
