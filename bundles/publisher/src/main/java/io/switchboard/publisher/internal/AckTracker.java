package io.switchboard.publisher.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;

import io.switchboard.data.PublishResults;
import io.switchboard.publisher.Delivery;

/**
 * Waits for every recipient of an ACKNOWLEDGED publication to acknowledge it, or for the timeout,
 * whichever comes first, then resolves the results. A recipient that fails or does not answer in
 * time counts as failed; late acknowledgements are ignored.
 */
final class AckTracker {

    private final Deferred<PublishResults> results;
    private int issued;
    private int answered;
    private int handed;
    private int refused;
    private int skipped;
    private int acknowledged;
    private int failedLater;
    private boolean allHanded;
    private boolean done;
    private ScheduledFuture<?> timeout;

    private final ScheduledExecutorService scheduler;
    private final long timeoutMillis;

    AckTracker(Deferred<PublishResults> results, ScheduledExecutorService scheduler, long timeoutMillis) {
        this.results = results;
        this.scheduler = scheduler;
        this.timeoutMillis = timeoutMillis;
    }

    Promise<PublishResults> results() {
        return results.getPromise();
    }

    synchronized Delivery newDelivery() {
        issued++;
        return new Receipt();
    }

    /** A delivery that will never be reported: its recipient skipped or refused the event. */
    synchronized void withdraw(Delivery delivery) {
        ((Receipt) delivery).reported.set(true);
        answered++;
    }

    /** Fan-out is over; from now on, completion depends on acknowledgements and the timeout. */
    void handedAll(int handedCount, int refusedCount, int skippedCount) {
        synchronized (this) {
            handed = handedCount;
            refused = refusedCount;
            skipped = skippedCount;
            allHanded = true;
            if (!finishIfComplete()) {
                timeout = scheduler.schedule(this::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private synchronized void answer(boolean success) {
        answered++;
        if (success) {
            acknowledged++;
        } else {
            failedLater++;
        }
        finishIfComplete();
    }

    private synchronized void timedOut() {
        if (!done) {
            finish();
        }
    }

    private boolean finishIfComplete() {
        if (!done && allHanded && answered == issued) {
            finish();
            return true;
        }
        return done;
    }

    private void finish() {
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        int unanswered = handed - acknowledged - failedLater;
        results.resolve(new PublishResults(handed, acknowledged, refused + failedLater + unanswered, skipped, acknowledged));
    }

    private final class Receipt implements Delivery {
        final AtomicBoolean reported = new AtomicBoolean();

        @Override
        public void acknowledge() {
            if (reported.compareAndSet(false, true)) {
                answer(true);
            }
        }

        @Override
        public void fail(Throwable cause) {
            if (reported.compareAndSet(false, true)) {
                answer(false);
            }
        }
    }
}
