package io.switchboard.publisher;

import org.osgi.annotation.versioning.ProviderType;

import io.switchboard.data.PublishResults;

/** The publisher's receipt for one event handed to one recipient. Report exactly once. */
@ProviderType
public interface Delivery {

    /** A delivery nobody waits for (events below ACKNOWLEDGED, a subscription's initial snapshot): reports go nowhere. */
    Delivery UNTRACKED = new Delivery() {
        @Override
        public void acknowledge() {
        }

        @Override
        public void fail(Throwable cause) {
        }

        @Override
        public void report(PublishResults results) {
        }
    };

    /** The recipient processed the event. */
    void acknowledge();

    /** The recipient could not process the event. */
    void fail(Throwable cause);

    /**
     * How the event went for every recipient a {@link RemoteRecipient} stands for (another node's):
     * its report instead of {@link #acknowledge()} or {@link #fail(Throwable)}. The publisher adds
     * these counts to the write's results. A plain recipient that calls it is counted as having
     * acknowledged, unless the results say something failed.
     *
     * @since 1.2
     */
    default void report(PublishResults results) {
        if (results.failed() > 0) {
            fail(new IllegalStateException(results.failed() + " of the recipients failed"));
        } else {
            acknowledge();
        }
    }
}
