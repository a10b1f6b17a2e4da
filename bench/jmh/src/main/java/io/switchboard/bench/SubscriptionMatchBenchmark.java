package io.switchboard.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.data.DataEvent;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.spi.StoredItem;
import io.switchboard.publisher.Recipient;
import io.switchboard.subscription.SubscribeOptions;

/**
 * Finding the recipients of one publication among 100,000 wildcard subscriptions of mixed shapes
 * ({@code /devices/d/*}, {@code /devices/*\/sensor/value}, {@code /region/r/**},
 * {@code /a/x/*\/c/**}, {@code /tenant/t/**\/alarm}, exact paths). Goal: ≤ 2 µs per publish.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = { "-Xms2g", "-Xmx2g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SubscriptionMatchBenchmark {

    static final int SUBSCRIPTIONS = 100_000;
    private static final int EVENTS = 4096;

    private Stack stack;
    private DataEvent[] events;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stack = new Stack(Store.MEMORY);
        Random random = new Random(7);
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            String pattern = switch (i % 6) {
                case 0 -> "/devices/d" + random.nextInt(20_000) + "/*";
                case 1 -> "/devices/*/s" + random.nextInt(20_000) + "/value";
                case 2 -> "/region/r" + random.nextInt(20_000) + "/**";
                case 3 -> "/a/x" + random.nextInt(20_000) + "/*/c/**";
                case 4 -> "/tenant/t" + random.nextInt(20_000) + "/**/alarm";
                default -> "/devices/d" + random.nextInt(20_000) + "/s" + random.nextInt(50);
            };
            stack.subscriptions.on(pattern, SubscribeOptions.DEFAULTS.withInline(true), event -> { }).getValue();
        }
        events = new DataEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            String path = switch (i % 4) {
                case 0 -> "/devices/d" + random.nextInt(20_000) + "/s" + random.nextInt(20_000);
                case 1 -> "/region/r" + random.nextInt(20_000) + "/floor/" + random.nextInt(10) + "/room";
                case 2 -> "/a/x" + random.nextInt(20_000) + "/b/c/d";
                default -> "/tenant/t" + random.nextInt(20_000) + "/site/" + random.nextInt(5) + "/alarm";
            };
            StoredItem item = new StoredItem(path, JsonNodeFactory.instance.objectNode(), 1, 1, null, i);
            events[i] = DataEvent.set(item, WriteOptions.DEFAULTS, true);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stack.close();
    }

    @Benchmark
    public void findRecipients(Blackhole hole) {
        DataEvent event = events[next++ & (EVENTS - 1)];
        Consumer<Recipient> sink = hole::consume;
        stack.index.collect(event, sink);
    }
}
