package io.switchboard.publisher.internal;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.switchboard.data.DataEvent;
import io.switchboard.data.PublishResults;
import io.switchboard.publisher.Delivery;
import io.switchboard.publisher.Recipient;
import io.switchboard.publisher.RecipientSource;

/**
 * Hands one event to every recipient and counts how that went. Recipients outside the event's
 * {@code targetSessions} are not counted at all: for that publication they are not recipients.
 */
final class FanOut implements Consumer<Recipient> {

    private final DataEvent event;
    private final Set<String> targets;
    private final AckTracker tracker;
    private int handed;
    private int failed;
    private int skipped;

    private FanOut(DataEvent event, AckTracker tracker) {
        this.event = event;
        this.targets = event.targetSessions();
        this.tracker = tracker;
    }

    /** Fans out without tracking acknowledgements. */
    static PublishResults run(DataEvent event, List<RecipientSource> sources) {
        FanOut fanOut = new FanOut(event, null);
        fanOut.collect(sources);
        return new PublishResults(fanOut.handed, fanOut.handed, fanOut.failed, fanOut.skipped, 0);
    }

    /** Fans out, giving each recipient a delivery that reports to the tracker. */
    static void runTracked(DataEvent event, List<RecipientSource> sources, AckTracker tracker) {
        FanOut fanOut = new FanOut(event, tracker);
        fanOut.collect(sources);
        tracker.handedAll(fanOut.handed, fanOut.failed, fanOut.skipped);
    }

    private void collect(List<RecipientSource> sources) {
        for (RecipientSource source : sources) {
            source.collect(event, this);
        }
    }

    @Override
    public void accept(Recipient recipient) {
        if (!targets.isEmpty() && !targets.contains(recipient.session())) {
            return;
        }
        Delivery delivery = tracker == null ? Delivery.UNTRACKED : tracker.newDelivery();
        try {
            if (recipient.deliver(event, delivery)) {
                handed++;
            } else {
                skipped++;
                if (tracker != null) {
                    tracker.withdraw(delivery);
                }
            }
        } catch (RuntimeException e) {
            failed++;
            if (tracker != null) {
                tracker.withdraw(delivery);
            }
        }
    }
}
