package io.switchboard.publisher.internal;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.data.PublishResults;

/**
 * Resolved promises of the results most publications have (handed to a few recipients, nothing
 * failed or skipped), made once: a TRANSACTIONAL write to a handful of subscribers then allocates
 * no results at all. Promises and results are immutable, so sharing them is safe.
 */
final class CommonResults {

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());
    private static final int KEPT = 16;
    private static final Promise<PublishResults>[] ALL_HANDED = allHanded();

    private CommonResults() {
    }

    static Promise<PublishResults> resolved(PublishResults results) {
        int n = results.queued();
        if (n < KEPT && results.successful() == n && results.failed() == 0 && results.skipped() == 0 && results.acknowledged() == 0) {
            return ALL_HANDED[n];
        }
        return PROMISES.resolved(results);
    }

    @SuppressWarnings("unchecked")
    private static Promise<PublishResults>[] allHanded() {
        Promise<PublishResults>[] promises = new Promise[KEPT];
        for (int n = 0; n < KEPT; n++) {
            promises[n] = PROMISES.resolved(n == 0 ? PublishResults.NONE : new PublishResults(n, n, 0, 0, 0));
        }
        return promises;
    }
}
