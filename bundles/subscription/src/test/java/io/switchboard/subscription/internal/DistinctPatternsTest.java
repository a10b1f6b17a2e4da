package io.switchboard.subscription.internal;

import static io.switchboard.subscription.internal.Stack.json;
import static io.switchboard.subscription.internal.Stack.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;

import io.switchboard.data.DataEvent;
import io.switchboard.data.Item;
import io.switchboard.subscription.EventType;
import io.switchboard.subscription.PatternsListener;
import io.switchboard.subscription.SubscribeOptions;
import io.switchboard.subscription.SubscribedPattern;
import io.switchboard.subscription.Subscription;

/** The distinct patterns the cluster tells other nodes, and the wait for them to take effect. */
class DistinctPatternsTest {

    private final Stack stack = new Stack();

    /** A listener that holds each change until the test releases it, as a cluster waits for other nodes. */
    private static final class Cluster implements PatternsListener {
        final List<Deferred<Void>> changes = new CopyOnWriteArrayList<>();
        final AtomicInteger told = new AtomicInteger();

        @Override
        public Promise<Void> patternsChanged() {
            told.incrementAndGet();
            Deferred<Void> change = new Deferred<>();
            changes.add(change);
            return change.getPromise();
        }
    }

    @AfterEach
    void close() {
        stack.close();
    }

    @Test
    void onePatternIsOneEntryHoweverManySubscribeToIt() {
        Subscription first = value(stack.subscriptions.on("/d/**", SubscribeOptions.DEFAULTS, e -> { }));
        Subscription second = value(stack.subscriptions.on("/d/**", SubscribeOptions.DEFAULTS.withDepth(2), e -> { }));
        value(stack.subscriptions.on("/d/**", SubscribeOptions.DEFAULTS.withEventType(EventType.REMOVE), e -> { }));
        assertEquals(Set.of(new SubscribedPattern("/d/**", EventType.ALL), new SubscribedPattern("/d/**", EventType.REMOVE)),
                stack.subscriptions.patterns());
        value(stack.subscriptions.off(first.id()));
        assertEquals(2, stack.subscriptions.patterns().size(), "another subscription still has /d/**");
        value(stack.subscriptions.off(second.id()));
        assertEquals(Set.of(new SubscribedPattern("/d/**", EventType.REMOVE)), stack.subscriptions.patterns());
    }

    @Test
    void aNewPatternIsSubscribedOnceTheListenersSaySoAndAKnownOneAtOnce() {
        Cluster cluster = new Cluster();
        stack.index.addListener(cluster);
        Promise<Subscription> first = stack.subscriptions.on("/n/*", SubscribeOptions.DEFAULTS, e -> { });
        assertFalse(first.isDone(), "other nodes do not know /n/* yet");
        assertEquals(1, cluster.told.get());
        Promise<Subscription> second = stack.subscriptions.on("/n/*", SubscribeOptions.DEFAULTS, e -> { });
        assertTrue(second.isDone(), "/n/* is known already");
        cluster.changes.get(0).resolve(null);
        assertTrue(value(first).isActive());
        assertEquals(1, cluster.told.get());
    }

    @Test
    void theInitialSnapshotIsReadOnlyOnceThePatternTookEffect() {
        Cluster cluster = new Cluster();
        stack.index.addListener(cluster);
        List<DataEvent> got = new CopyOnWriteArrayList<>();
        Promise<Subscription> on = stack.subscriptions.on("/i/*", SubscribeOptions.DEFAULTS.withInitial(true), got::add);
        // written after the subscription was registered here, before other nodes knew of it: the snapshot has it
        value(stack.data.set("/i/a", json("{'v':1}")));
        cluster.changes.get(0).resolve(null);
        value(on);
        assertEquals(List.of("/i/a"), got.stream().map(DataEvent::path).distinct().toList());
        Item stored = value(stack.data.get("/i/a")).orElseThrow();
        assertEquals(stored.meta().version(), got.get(got.size() - 1).version());
    }

    @Test
    void theLastSubscriptionOfAPatternGoingIsToldWithoutAWait() {
        Cluster cluster = new Cluster();
        stack.index.addListener(cluster);
        Promise<Subscription> on = stack.subscriptions.on("/g/**", SubscribeOptions.DEFAULTS.withCount(1), e -> { });
        cluster.changes.get(0).resolve(null);
        value(on);
        value(stack.data.set("/g/x", json("{}"))); // its one event ends it
        assertEquals(Set.of(), stack.subscriptions.patterns());
        assertEquals(2, cluster.told.get());
    }

    @Test
    void aListenerThatFailsDoesNotHoldUpSubscribing() {
        stack.index.addListener(() -> {
            throw new IllegalStateException("broken listener");
        });
        stack.index.addListener(() -> new Deferred<Void>() {
            {
                fail(new IllegalStateException("failed"));
            }
        }.getPromise());
        assertTrue(value(stack.subscriptions.on("/f/*", SubscribeOptions.DEFAULTS, e -> { })).isActive());
    }
}
