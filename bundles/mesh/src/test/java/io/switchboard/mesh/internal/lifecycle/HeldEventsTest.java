package io.switchboard.mesh.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.SubscribeOptions.Delivery;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.internal.event.EventPattern;
import io.switchboard.mesh.internal.event.SubscriptionRecord;
import io.switchboard.mesh.internal.event.SubscriptionTable;
import io.switchboard.mesh.internal.registry.NamedLocalInstance;
import io.switchboard.mesh.internal.version.SemverRange;

/**
 * A group held through an update in place, as another node's deliveries reach it: they name the
 * subscription that left, or the stand-in after it gave its events away, because the emitter's node
 * learns of each change a moment late. Both still reach the group, and the held events reach the
 * new member in the order they came.
 */
class HeldEventsTest {

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());

    private final SubscriptionTable table = new SubscriptionTable();
    private final HeldEvents held = new HeldEvents(table, Runnable::run, PROMISES);

    @Test
    void deliveriesNamingTheSubscriptionThatLeftOrTheStandInThatGaveItsEventsAwayStillReachTheGroup() {
        SubscriptionRecord standIn = updateTheOnlyMemberInPlace();
        assertEquals("s1/held", standIn.id(), "a delivery to the subscription that left goes to its stand-in");
        List<String> acknowledged = new ArrayList<>();
        standIn.subscriber().deliver(standIn.id(), event(1), true, ack(acknowledged, 1));
        standIn.subscriber().deliver(standIn.id(), event(2), true, ack(acknowledged, 2));
        assertTrue(acknowledged.isEmpty(), "held");

        Customer next = new Customer("node-2/customer@1.0.1#2");
        table.add(record("s2", next)); // the new revision joins the group: the stand-in gives its events to it
        assertEquals(List.of(1, 2), next.handled, "in the order they came, to the new member");
        assertEquals(List.of("1 acknowledged", "2 acknowledged"), acknowledged);
        assertNull(table.find("s1/held"));
        assertSame(next, held.standInFor("s1/held").subscriber(), "a late delivery to the stand-in goes to the group's member");
        assertNull(held.standInFor("s3"), "a subscription that was never held is gone");
    }

    @Test
    void whenTheGapClosesWithoutAMemberTheHeldEventsGoBackAsGone() {
        SubscriptionRecord standIn = updateTheOnlyMemberInPlace();
        List<String> acknowledged = new ArrayList<>();
        standIn.subscriber().deliver(standIn.id(), event(1), true, ack(acknowledged, 1));

        held.release("bundle 9");
        assertEquals(List.of("1 failed"), acknowledged, "the router that sent it reports it lost");
        assertNull(held.standInFor("s1"));
        assertNull(held.standInFor("s1/held"), "no member to send a late delivery to");
    }

    /** The group's only member (subscription s1) leaves in bundle 9's gap: @return where a delivery to s1 goes now */
    private SubscriptionRecord updateTheOnlyMemberInPlace() {
        Customer old = new Customer("node-2/customer@1.0.0#1");
        table.add(record("s1", old));
        held.hold("bundle 9", old);
        table.remove("s1");
        return held.standInFor("s1");
    }

    private static SubscriptionRecord record(String id, Customer subscriber) {
        return new SubscriptionRecord(id, subscriber, "sensor", SemverRange.parse("^1.0.0"), EventPattern.compile("alert"), Delivery.ANY);
    }

    private static EventEnvelope event(int payload) {
        return new EventEnvelope("sensor", "1.0.0", "alert", payload, Origin.system(), 0);
    }

    private static Acknowledgement ack(List<String> outcomes, int payload) {
        return new Acknowledgement() {
            @Override
            public void acknowledged() {
                outcomes.add(payload + " acknowledged");
            }

            @Override
            public void failed(Throwable failure) {
                outcomes.add(payload + " failed");
            }
        };
    }

    /** A group member that handles what it is given at once. */
    private static final class Customer extends NamedLocalInstance {

        final List<Object> handled = new ArrayList<>();

        Customer(String id) {
            super(id, "customer", id.substring(id.indexOf('@') + 1, id.indexOf('#')), "node-2");
        }

        @Override
        public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
            handled.add(event.payload());
            acknowledgement.acknowledged();
        }

        @Override
        public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
            return PROMISES.failed(new UnsupportedOperationException());
        }
    }
}
