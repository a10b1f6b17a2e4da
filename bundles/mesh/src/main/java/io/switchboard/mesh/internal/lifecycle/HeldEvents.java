package io.switchboard.mesh.internal.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.SubscribeOptions.Delivery;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.event.SubscriptionRecord;
import io.switchboard.mesh.internal.event.SubscriptionTable;
import io.switchboard.mesh.internal.exchange.Failures;
import io.switchboard.mesh.internal.registry.NamedLocalInstance;

/**
 * Keeps the {@code any} events of a subscription group whose last instance left in a gap (its
 * bundle is stopping, most likely for an update in place), so that none is lost: a stand-in with
 * the same subscription joins the group before the instance leaves, takes the group's events, and
 * hands them back to the event router as soon as a live member subscribes again (the router then
 * delivers them to it, as it does for any instance that left). When the gap closes with no live
 * member, the events go back all the same, and the router reports them lost, naming the group.
 *
 * <p>Only {@code any} groups are held: an {@code all} subscription is per instance, and an
 * instance that is not there does not get the events emitted while it is not there.
 */
final class HeldEvents {

    private final SubscriptionTable table;
    private final Executor executor;
    private final PromiseFactory promises;
    private final Map<String, Holder> holders = new ConcurrentHashMap<>();

    HeldEvents(SubscriptionTable table, Executor executor, PromiseFactory promises) {
        this.table = table;
        this.executor = executor;
        this.promises = promises;
        table.onChange(this::releaseJoined);
    }

    /** Before {@code leaving}'s subscriptions are removed: holds each {@code any} group it is the last live member of. */
    void hold(String owner, Instance leaving) {
        List<SubscriptionRecord> all = table.all();
        for (SubscriptionRecord record : all) {
            if (record.subscriber() == leaving && record.delivery() == Delivery.ANY && !hasLiveMember(all, record.group(), leaving.id())) {
                Holder holder = new Holder(owner, leaving);
                SubscriptionRecord held = new SubscriptionRecord(record.id() + "/held", holder, record.emitter(), record.range(),
                        record.pattern(), record.delivery());
                holder.record = held;
                holders.put(held.id(), holder);
                table.add(held);
            }
        }
    }

    /** The owner's gap closed: what its stand-ins hold goes back to the router now. */
    void release(String owner) {
        holders.values().stream().filter(holder -> holder.owner.equals(owner)).forEach(this::release);
    }

    private void release(Holder holder) {
        if (holders.remove(holder.record.id(), holder)) {
            table.remove(holder.record.id());
            holder.giveBack();
        }
    }

    /** On every change to the table: a held group that has a live member again gets its events. */
    private void releaseJoined() {
        if (holders.isEmpty()) {
            return;
        }
        List<SubscriptionRecord> all = table.all();
        for (Holder holder : holders.values()) {
            if (hasLiveMember(all, holder.record.group(), holder.leftId)) {
                // Not on this thread: it is changing the table, often inside a component's constructor.
                executor.execute(() -> release(holder));
            }
        }
    }

    /** @param exceptId the instance that is leaving, which no longer counts */
    private static boolean hasLiveMember(List<SubscriptionRecord> all, String group, String exceptId) {
        for (SubscriptionRecord record : all) {
            if (record.group().equals(group) && !record.subscriber().id().equals(exceptId) && !(record.subscriber() instanceof Holder)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The stand-in: a member of the group that acknowledges nothing until it gives the events back.
     * It keeps the leaving instance's names, not the instance (nor its class loader).
     */
    private final class Holder extends NamedLocalInstance {

        private final String owner;
        private final String leftId;
        private final List<Acknowledgement> held = new ArrayList<>();
        private boolean givenBack;
        private volatile SubscriptionRecord record;

        Holder(String owner, Instance left) {
            super(left.id() + "/held", left.component(), left.version(), left.node());
            this.owner = owner;
            this.leftId = left.id();
        }

        @Override
        public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
            synchronized (this) {
                if (!givenBack) {
                    held.add(acknowledgement);
                    return;
                }
            }
            acknowledgement.failed(Failures.gone());
        }

        /** In arrival order: the router re-delivers each as it would an event whose instance left. */
        void giveBack() {
            List<Acknowledgement> events;
            synchronized (this) {
                givenBack = true;
                events = List.copyOf(held);
                held.clear();
            }
            events.forEach(acknowledgement -> acknowledgement.failed(Failures.gone()));
        }

        @Override
        public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
            return promises.failed(Failures.gone());
        }
    }
}
