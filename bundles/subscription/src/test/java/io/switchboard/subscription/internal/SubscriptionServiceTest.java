package io.switchboard.subscription.internal;

import static io.switchboard.subscription.internal.Stack.json;
import static io.switchboard.subscription.internal.Stack.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.Consistency;
import io.switchboard.data.DataEvent;
import io.switchboard.data.PublishResults;
import io.switchboard.data.WriteOptions;
import io.switchboard.subscription.EventType;
import io.switchboard.subscription.SubscribeOptions;
import io.switchboard.subscription.Subscription;
import io.switchboard.subscription.SubscriptionService;

class SubscriptionServiceTest {

    private final Stack stack = new Stack();

    @AfterEach
    void close() {
        stack.close();
    }

    private Stack.Recorder on(String pattern, SubscribeOptions options) {
        Stack.Recorder recorder = new Stack.Recorder();
        value(stack.subscriptions.on(pattern, options, recorder));
        return recorder;
    }

    private void set(String path) {
        value(stack.data.set(path, json("{'at':'" + path + "'}")));
    }

    /** Writes a marker and waits for it, so everything written before has been delivered too. */

    @Test
    void singleStarIsOneSegmentAndDoubleStarIsAny() throws Exception {
        Stack.Recorder one = on("/w/a/*", SubscribeOptions.DEFAULTS);
        Stack.Recorder any = on("/w/a/**", SubscribeOptions.DEFAULTS);
        Stack.Recorder exact = on("/w/a/b", SubscribeOptions.DEFAULTS);
        for (String p : List.of("/w/a", "/w/a/b", "/w/a/b/c", "/w/x/b", "/w/a/b/c/d/e/f/g")) {
            set(p);
        }
        Stack.Recorder marker = on("/end", SubscribeOptions.DEFAULTS);
        set("/end");
        marker.await(1);
        assertEquals(List.of("/w/a/b"), one.await(1).stream().map(DataEvent::path).toList());
        assertEquals(List.of("/w/a", "/w/a/b", "/w/a/b/c", "/w/a/b/c/d/e/f/g"), any.await(4).stream().map(DataEvent::path).toList());
        assertEquals(List.of("/w/a/b"), exact.await(1).stream().map(DataEvent::path).toList());
        assertEquals(1, one.events.size());
    }

    @Test
    void eventsCarryDataAndMeta() throws Exception {
        Stack.Recorder r = on("/m/*", SubscribeOptions.DEFAULTS);
        value(stack.data.set("/m/1", json("{'v':1}"), WriteOptions.DEFAULTS.withOrigin("alice").withMeta(json("{'why':'test'}"))));
        DataEvent e = r.await(1).get(0);
        assertEquals(DataEvent.Action.SET, e.action());
        assertEquals(json("{'v':1}"), e.data());
        assertEquals("alice", e.modifiedBy());
        assertEquals(json("{'why':'test'}"), e.customMeta());
        assertTrue(e.created() > 0 && e.modified() >= e.created());
    }

    @Test
    void eventTypeChoosesSetsOrRemoves() throws Exception {
        Stack.Recorder sets = on("/t/*", SubscribeOptions.DEFAULTS.withEventType(EventType.SET));
        Stack.Recorder removes = on("/t/*", SubscribeOptions.DEFAULTS.withEventType(EventType.REMOVE));
        Stack.Recorder all = on("/t/*", SubscribeOptions.DEFAULTS);
        set("/t/1");
        value(stack.data.remove("/t/1", WriteOptions.DEFAULTS));
        all.await(2);
        assertEquals(DataEvent.Action.SET, sets.await(1).get(0).action());
        assertEquals(DataEvent.Action.REMOVE, removes.await(1).get(0).action());
        assertEquals(1, sets.events.size());
        assertEquals(1, removes.events.size());
    }

    @Test
    void aWildcardRemoveIsOneEventWithTheCount() throws Exception {
        Stack.Recorder pattern = on("/rm/*", SubscribeOptions.DEFAULTS.withEventType(EventType.REMOVE));
        Stack.Recorder exact = on("/rm/b", SubscribeOptions.DEFAULTS.withEventType(EventType.REMOVE));
        set("/rm/a");
        set("/rm/b");
        set("/rm/c");
        assertEquals(3, value(stack.data.remove("/rm/*", WriteOptions.DEFAULTS)).removed());
        DataEvent event = pattern.await(1).get(0);
        assertEquals("/rm/*", event.path());
        assertEquals(json("{'removed':3}"), event.data());
        assertEquals(1, exact.await(1).size(), "a subscriber of one removed path gets the one event too");
        set("/end");
        Stack.Recorder marker = on("/rm/**", SubscribeOptions.DEFAULTS);
        set("/rm/z");
        marker.await(1);
        assertEquals(1, pattern.events.size());
    }

    @Test
    void countUnsubscribesAfterNEvents() throws Exception {
        Stack.Recorder twice = on("/c/*", SubscribeOptions.DEFAULTS.withCount(2));
        Stack.Recorder marker = on("/c/*", SubscribeOptions.DEFAULTS);
        for (int i = 0; i < 5; i++) {
            set("/c/" + i);
        }
        marker.await(5);
        // the writes are all published; events past the count were refused when published
        assertEquals(List.of("/c/0", "/c/1"), twice.await(2).stream().map(DataEvent::path).toList());
        assertEquals(2, twice.events.size());
        assertEquals(1, stack.index.size());
    }

    @Test
    void depthLimitsDoubleStar() throws Exception {
        Stack.Recorder shallow = on("/d/**", SubscribeOptions.DEFAULTS.withDepth(2));
        set("/d/1");
        set("/d/1/2");
        set("/d/1/2/3");
        set("/d/end"); // one writer's events arrive in order: once this is in, the others are too
        assertEquals(List.of("/d/1", "/d/1/2", "/d/end"), shallow.await(3).stream().map(DataEvent::path).toList());
        assertEquals(3, shallow.events.size());
    }

    @Test
    void offStopsDeliveryAndOffPatternRemovesMatchingSubscriptionsOfASession() throws Exception {
        Stack.Recorder kept = on("/o/keep", SubscribeOptions.DEFAULTS.withSession("s1"));
        Stack.Recorder other = new Stack.Recorder();
        Subscription sub = value(stack.subscriptions.on("/o/x", SubscribeOptions.DEFAULTS, other));
        value(stack.subscriptions.on("/o/a/b", SubscribeOptions.DEFAULTS.withSession("s1"), new Stack.Recorder()));
        value(stack.subscriptions.on("/o/a/*", SubscribeOptions.DEFAULTS.withSession("s1"), new Stack.Recorder()));
        value(stack.subscriptions.on("/o/a/*", SubscribeOptions.DEFAULTS.withSession("s2"), new Stack.Recorder()));

        assertTrue(value(stack.subscriptions.off(sub.id())));
        assertFalse(value(stack.subscriptions.off(sub.id())));
        assertFalse(sub.isActive());
        assertEquals(2, value(stack.subscriptions.offPattern("s1", "/o/a/**")));
        assertEquals(2, stack.index.size());
        set("/o/x");
        set("/o/keep");
        kept.await(1);
        assertTrue(other.events.isEmpty());
    }

    @Test
    void aSessionEndsOnlyItsOwnSubscriptionsAndAnOtherOneLooksUnknown() throws Exception {
        Stack.Recorder victim = on("/own/x", SubscribeOptions.DEFAULTS.withSession("victim"));
        Subscription victims = stack.index.ofSession("victim").get(0);

        assertFalse(value(stack.subscriptions.off("attacker", victims.id())), "another session's id is answered as unknown");
        assertFalse(value(stack.subscriptions.off("attacker", "s-unknown")));
        assertFalse(value(stack.subscriptions.off(null, victims.id())));
        assertTrue(victims.isActive());
        set("/own/x");
        victim.await(1);

        assertTrue(value(stack.subscriptions.off("victim", victims.id())));
        assertFalse(victims.isActive());
        assertTrue(stack.index.ofSession("victim").isEmpty(), "a session with no subscriptions is forgotten");
    }

    @Test
    void aSessionHoldsAtMostItsLimitOfSubscriptionsAndEndingOneMakesRoom() throws Exception {
        stack.subscriptions.maxSubscriptionsPerSession(3);
        SubscribeOptions mine = SubscribeOptions.DEFAULTS.withSession("s1");
        for (int i = 0; i < 3; i++) {
            on("/limit/" + i, mine);
        }
        assertEquals(SubscriptionService.TOO_MANY_SUBSCRIPTIONS, failure(stack.subscriptions.on("/limit/3", mine, new Stack.Recorder())));
        assertEquals(3, stack.index.ofSession("s1").size(), "the refused subscription was not registered");
        on("/limit/3", SubscribeOptions.DEFAULTS.withSession("s2"));
        on("/limit/3", SubscribeOptions.DEFAULTS); // in-JVM subscribers without a session are not a client's

        assertTrue(value(stack.subscriptions.off("s1", stack.index.ofSession("s1").get(0).id())));
        Stack.Recorder fourth = on("/limit/3", mine);
        set("/limit/3");
        fourth.await(1);
    }

    @Test
    void subscriptionIdsAreRandomNotCounted() throws Exception {
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            ids.add(value(stack.subscriptions.on("/ids/" + i, SubscribeOptions.DEFAULTS, new Stack.Recorder())).id());
        }
        assertEquals(200, ids.size());
        for (String id : ids) {
            // "s-" and 128 bits in URL-safe base64: nothing to count up from
            assertTrue(id.matches("s-[A-Za-z0-9_-]{22}"), id);
        }
    }

    @Test
    void targetSessionsReachOnlyThoseSessions() throws Exception {
        Stack.Recorder s1 = on("/ts", SubscribeOptions.DEFAULTS.withSession("s1"));
        Stack.Recorder s2 = on("/ts", SubscribeOptions.DEFAULTS.withSession("s2"));
        value(stack.data.set("/ts", json("{}"), WriteOptions.DEFAULTS.withTargetSessions(Set.of("s2"))));
        value(stack.data.set("/ts", json("{'n':2}")));
        s2.await(2);
        s1.await(1);
        assertEquals(json("{'n':2}"), s1.events.get(0).data());
    }

    @Test
    void acknowledgedWaitsForHandlersAndReportsFailures() {
        value(stack.subscriptions.on("/ack", SubscribeOptions.DEFAULTS, event -> {
        }));
        value(stack.subscriptions.on("/ack", SubscribeOptions.DEFAULTS, event -> {
            throw new IllegalStateException("handler broke");
        }));
        PublishResults results = value(value(stack.data.set("/ack", json("{}"),
                WriteOptions.DEFAULTS.withConsistency(Consistency.ACKNOWLEDGED))).published());
        assertEquals(new PublishResults(2, 1, 1, 0, 1), results);
    }

    @Test
    void badOptionsFailWithCodes() {
        assertEquals(SubscriptionService.INVALID_OPTION, failure(stack.subscriptions.on("/x/**", SubscribeOptions.DEFAULTS.withCount(-1), e -> { })));
        assertEquals(SubscriptionService.INVALID_OPTION, failure(stack.subscriptions.on("/x/*", SubscribeOptions.DEFAULTS.withDepth(2), e -> { })));
        assertEquals(SubscriptionService.INVALID_OPTION, failure(stack.subscriptions.on("/x/*", SubscribeOptions.DEFAULTS, null)));
        assertEquals("data.invalid-pattern", failure(stack.subscriptions.on("/x*", SubscribeOptions.DEFAULTS, e -> { })));
        assertEquals(0, stack.index.size());
    }

    private static String failure(org.osgi.util.promise.Promise<?> promise) {
        try {
            return assertInstanceOf(SwitchboardException.class, promise.getFailure()).code();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
