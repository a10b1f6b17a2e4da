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
 * Waits for the answers a publication's results depend on, or for the timeout, whichever comes
 * first, then resolves the results. At ACKNOWLEDGED every recipient must acknowledge; at the other
 * levels only the {@link io.switchboard.publisher.RemoteRecipient}s must report (another node
 * hands the event on and says how that went), and local recipients count as soon as they were
 * handed the event. A recipient that fails or does not answer in time counts as failed; late
 * answers are ignored.
 */
final class AckTracker {

    private final Deferred<PublishResults> results;
    private final ScheduledExecutorService scheduler;
    private final long timeoutMillis;
    /** ACKNOWLEDGED: local recipients must acknowledge too. */
    private final boolean everyRecipient;

    private int issued;
    private int answered;
    private int handed;
    private int refused;
    private int skipped;
    private int acknowledged;
    private int failedLater;
    /** Remote recipients handed the event, and how many of them reported, failed, and what their reports said. */
    private int remoteHanded;
    private int remoteAnswered;
    private int remoteFailed;
    private PublishResults remote = PublishResults.NONE;
    private boolean allHanded;
    private boolean done;
    private ScheduledFuture<?> timeout;

    AckTracker(Deferred<PublishResults> results, ScheduledExecutorService scheduler, long timeoutMillis, boolean everyRecipient) {
        this.results = results;
        this.scheduler = scheduler;
        this.timeoutMillis = timeoutMillis;
        this.everyRecipient = everyRecipient;
    }

    Promise<PublishResults> results() {
        return results.getPromise();
    }

    /** Whether local recipients get a tracked delivery (ACKNOWLEDGED) rather than {@link Delivery#UNTRACKED}. */
    boolean tracksEveryRecipient() {
        return everyRecipient;
    }

    synchronized Delivery newDelivery() {
        issued++;
        return new Receipt(false);
    }

    /** A delivery for a remote recipient, which reports for all of its node's recipients. */
    synchronized Delivery newRemoteDelivery() {
        issued++;
        return new Receipt(true);
    }

    /** A delivery that will never be reported: its recipient skipped or refused the event. */
    synchronized void withdraw(Delivery delivery) {
        ((Receipt) delivery).reported.set(true);
        answered++;
    }

    /** A remote recipient took the event: its report is awaited. */
    synchronized void remoteHanded() {
        remoteHanded++;
    }

    /** Fan-out is over; from now on, completion depends on the answers and the timeout. */
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

    private synchronized void remoteAnswer(PublishResults report) {
        answered++;
        remoteAnswered++;
        if (report == null) {
            remoteFailed++;
        } else {
            remote = new PublishResults(remote.queued() + report.queued(), remote.successful() + report.successful(),
                    remote.failed() + report.failed(), remote.skipped() + report.skipped(), remote.acknowledged() + report.acknowledged());
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
        int unanswered = everyRecipient ? handed - acknowledged - failedLater : 0;
        // a node that failed or did not report counts as one recipient that failed: how many it stood for is not known
        int remoteLost = remoteFailed + remoteHanded - remoteAnswered;
        int successful = everyRecipient ? acknowledged : handed;
        results.resolve(new PublishResults(handed + remote.queued() + remoteLost, successful + remote.successful(),
                refused + failedLater + unanswered + remote.failed() + remoteLost, skipped + remote.skipped(),
                acknowledged + remote.acknowledged()));
    }

    private final class Receipt implements Delivery {
        final AtomicBoolean reported = new AtomicBoolean();
        final boolean remoteNode;

        Receipt(boolean remoteNode) {
            this.remoteNode = remoteNode;
        }

        @Override
        public void acknowledge() {
            if (reported.compareAndSet(false, true)) {
                if (remoteNode) {
                    remoteAnswer(new PublishResults(1, 1, 0, 0, everyRecipient ? 1 : 0));
                } else {
                    answer(true);
                }
            }
        }

        @Override
        public void fail(Throwable cause) {
            if (reported.compareAndSet(false, true)) {
                if (remoteNode) {
                    remoteAnswer(null);
                } else {
                    answer(false);
                }
            }
        }

        @Override
        public void report(PublishResults report) {
            if (!remoteNode) {
                Delivery.super.report(report);
            } else if (reported.compareAndSet(false, true)) {
                remoteAnswer(report);
            }
        }
    }
}
