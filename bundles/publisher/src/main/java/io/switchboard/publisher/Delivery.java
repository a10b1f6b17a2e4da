package io.switchboard.publisher;

import org.osgi.annotation.versioning.ProviderType;

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
    };

    /** The recipient processed the event. */
    void acknowledge();

    /** The recipient could not process the event. */
    void fail(Throwable cause);
}
