package io.switchboard.mesh.internal.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.osgi.util.promise.Promise;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * delivers them, in arrival order, to a live member as soon as one subscribes again. When the gap
 * closes with no live member, the events go back to whoever delivered them as "gone", and the event
 * router reports them lost, naming the group.
 *
 * <p>Across nodes the stand-in's subscription is published like any other (the cluster lists it
 * while the instance is expected back), so emitters elsewhere keep sending the group's events here.
 * Their nodes learn of each change a moment late, so a delivery may still name the subscription
 * that left (it goes to the stand-in) or a stand-in that just gave its events away (it goes to the
 * group's live member): {@link #standInFor}.
 *
 * <p>Only {@code any} groups are held: an {@code all} subscription is per instance, and an
 * instance that is not there does not get the events emitted while it is not there.
 */
final class HeldEvents {

    private final SubscriptionTable table;
    private final Executor executor;
    private final PromiseFactory promises;
    private final Map<String, Holder> holders = new ConcurrentHashMap<>();
    /** Stand-ins that gave their events away, by subscription id, with their group: bounded, as ids come from other nodes. */
    private final Cache<String, String> released = Caffeine.newBuilder().maximumSize(RELEASED_KEPT).build();
    static final int RELEASED_KEPT = 1_024;
    static final String HELD = "/held";

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
                SubscriptionRecord held = new SubscriptionRecord(record.id() + HELD, holder, record.emitter(), record.range(),
                        record.pattern(), record.delivery());
                holder.record = held;
                holders.put(held.id(), holder);
                table.add(held);
            }
        }
    }

    /** The owner's gap closed: what its stand-ins hold goes to a live member of their group, or back as "gone". */
    void release(String owner) {
        holders.values().stream().filter(holder -> holder.owner.equals(owner)).forEach(this::release);
    }

    private void release(Holder holder) {
        if (holders.remove(holder.record.id(), holder)) {
            released.put(holder.record.id(), holder.record.group());
            table.remove(holder.record.id());
            holder.giveTo(liveMember(table.all(), holder.record.group(), holder.leftId));
        }
    }

    /**
     * For a delivery to a subscription this node no longer has: the stand-in that holds its group's
     * events when it is the subscription of an instance that left in a gap, or the group's live member
     * when it is a stand-in that gave its events away; null otherwise (the delivery fails as "gone").
     */
    SubscriptionRecord standInFor(String subscriptionId) {
        Holder holder = holders.get(subscriptionId + HELD);
        if (holder != null) {
            return holder.record;
        }
        String group = released.getIfPresent(subscriptionId);
        return group == null ? null : liveMember(table.all(), group, null);
    }

    /** On every change to the table: a held group that has a live member again gets its events. */
    private void releaseJoined() {
        if (holders.isEmpty()) {
            return;
        }
        List<SubscriptionRecord> all = table.all();
        for (Holder holder : holders.values()) {
            if (liveMember(all, holder.record.group(), holder.leftId) != null) {
                // Not on this thread: it is changing the table, often inside a component's constructor.
                executor.execute(() -> release(holder));
            }
        }
    }

    /** @param exceptId the instance that is leaving, which no longer counts */
    private static boolean hasLiveMember(List<SubscriptionRecord> all, String group, String exceptId) {
        return liveMember(all, group, exceptId) != null;
    }

    /** A member of the group that is not a stand-in, nor {@code exceptId}; null when there is none. */
    private static SubscriptionRecord liveMember(List<SubscriptionRecord> all, String group, String exceptId) {
        for (SubscriptionRecord record : all) {
            if (record.group().equals(group) && !record.subscriber().id().equals(exceptId) && !(record.subscriber() instanceof Holder)) {
                return record;
            }
        }
        return null;
    }

    private record Held(EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
    }

    /**
     * The stand-in: a member of the group that acknowledges nothing until it gives the events back.
     * It keeps the leaving instance's names, not the instance (nor its class loader).
     */
    private final class Holder extends NamedLocalInstance {

        private final String owner;
        private final String leftId;
        private final List<Held> held = new ArrayList<>();
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
                    held.add(new Held(event, failover, acknowledgement));
                    return;
                }
            }
            acknowledgement.failed(Failures.gone());
        }

        /**
         * In arrival order, to the group's live member: the same member the router would choose for a
         * group of one, and the only way for events from another node, whose node may not know that
         * member yet. With none, each goes back as "gone" and the router that sent it goes on as for
         * any instance that left.
         */
        void giveTo(SubscriptionRecord member) {
            List<Held> events;
            synchronized (this) {
                givenBack = true;
                events = List.copyOf(held);
                held.clear();
            }
            for (Held each : events) {
                if (member == null) {
                    each.acknowledgement().failed(Failures.gone());
                } else {
                    member.subscriber().deliver(member.id(), each.event(), each.failover(), each.acknowledgement());
                }
            }
        }

        @Override
        public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
            return promises.failed(Failures.gone());
        }
    }
}
