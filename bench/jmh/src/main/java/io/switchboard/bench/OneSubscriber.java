package io.switchboard.bench;

import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.subscription.SubscribeOptions;

/**
 * The set-up the set → subscriber benchmarks share: a stack on the chosen store, one subscriber on
 * {@code /bench/**} that counts what it receives, and 1,000 paths with their 100-byte documents.
 */
public abstract class OneSubscriber {

    static final int PATHS = 1_000;

    protected Stack stack;
    protected final AtomicLong received = new AtomicLong();
    protected String[] paths;
    protected ObjectNode[] documents;

    /** The store the concrete benchmark runs on (its {@code @Param}). */
    protected abstract Store store();

    /** Whether the subscriber's handler runs on the writer's thread instead of its own queue. */
    protected boolean inline() {
        return false;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stack = new Stack(store());
        stack.subscriptions.on("/bench/**", SubscribeOptions.DEFAULTS.withInline(inline()), event -> received.incrementAndGet())
                .getValue();
        paths = Stack.paths("/bench/doc/", PATHS);
        documents = Stack.documents(PATHS);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stack.close();
    }

    /** Waits (spinning: the wait is part of what is measured) until the subscriber has seen {@code count} events. */
    protected void awaitReceived(long count) {
        while (received.get() < count) {
            Thread.onSpinWait();
        }
    }
}
