package io.switchboard.publisher.internal;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.util.promise.Promise;

import io.switchboard.data.DataEvent;
import io.switchboard.data.PublishResults;
import io.switchboard.publisher.Delivery;
import io.switchboard.publisher.Recipient;
import io.switchboard.publisher.RecipientSource;
import io.switchboard.publisher.RemoteRecipient;
import io.switchboard.system.flush.HeldFlushes;

/**
 * Hands one event to every recipient and counts how that went. Recipients outside the event's
 * {@code targetSessions} are not counted at all: for that publication they are not recipients. A
 * {@link RemoteRecipient} (another node's recipients) is handed every event, its node applies the
 * targets, and its report is awaited; a delivery on behalf of another node ({@code localOnly})
 * leaves remote recipients out.
 */
final class FanOut implements Consumer<Recipient> {

    private final DataEvent event;
    private final Set<String> targets;
    private final boolean localOnly;
    /** Makes the tracker that awaits remote recipients' reports, when the first one turns up (unless there is one already). */
    private final Supplier<AckTracker> trackers;
    private AckTracker tracker;
    private int handed;
    private int failed;
    private int skipped;

    private FanOut(DataEvent event, AckTracker tracker, Supplier<AckTracker> trackers, boolean localOnly) {
        this.event = event;
        this.targets = event.targetSessions();
        this.tracker = tracker;
        this.trackers = trackers;
        this.localOnly = localOnly;
    }

    /**
     * Fans out without tracking local recipients' acknowledgements: the results are known once every
     * local recipient was handed the event and every remote recipient reported.
     */
    static Promise<PublishResults> run(DataEvent event, List<RecipientSource> sources, Supplier<AckTracker> trackers, boolean localOnly) {
        FanOut fanOut = new FanOut(event, null, trackers, localOnly);
        fanOut.collect(sources);
        if (fanOut.tracker == null) {
            return CommonResults.resolved(new PublishResults(fanOut.handed, fanOut.handed, fanOut.failed, fanOut.skipped, 0));
        }
        fanOut.tracker.handedAll(fanOut.handed, fanOut.failed, fanOut.skipped);
        return fanOut.tracker.results();
    }

    /** Fans out, giving each recipient a delivery that reports to the tracker. */
    static void runTracked(DataEvent event, List<RecipientSource> sources, AckTracker tracker, boolean localOnly) {
        FanOut fanOut = new FanOut(event, tracker, null, localOnly);
        fanOut.collect(sources);
        tracker.handedAll(fanOut.handed, fanOut.failed, fanOut.skipped);
    }

    /**
     * Hands the event to every recipient. A local subscriber's session writes it on this thread when
     * it is idle; the sessions' flushes wait until every recipient has it ({@link HeldFlushes}), so
     * this thread writes to all of them before it makes a system call for any.
     */
    private void collect(List<RecipientSource> sources) {
        HeldFlushes.during(() -> {
            for (RecipientSource source : sources) {
                source.collect(event, this);
            }
        });
    }

    @Override
    public void accept(Recipient recipient) {
        if (recipient instanceof RemoteRecipient remote) {
            if (!localOnly) {
                acceptRemote(remote);
            }
            return;
        }
        if (!targets.isEmpty() && !targets.contains(recipient.session())) {
            return;
        }
        boolean tracked = tracker != null && tracker.tracksEveryRecipient();
        Delivery delivery = tracked ? tracker.newDelivery() : Delivery.UNTRACKED;
        try {
            if (recipient.deliver(event, delivery)) {
                handed++;
            } else {
                skipped++;
                if (tracked) {
                    tracker.withdraw(delivery);
                }
            }
        } catch (RuntimeException e) {
            failed++;
            if (tracked) {
                tracker.withdraw(delivery);
            }
        }
    }

    /** Another node's recipients: counted by its report, not here, unless it refuses the event at once. */
    private void acceptRemote(RemoteRecipient remote) {
        if (tracker == null) {
            tracker = trackers.get();
        }
        Delivery delivery = tracker.newRemoteDelivery();
        try {
            if (remote.deliver(event, delivery)) {
                tracker.remoteHanded();
            } else {
                skipped++;
                tracker.withdraw(delivery);
            }
        } catch (RuntimeException e) {
            failed++;
            tracker.withdraw(delivery);
        }
    }
}
