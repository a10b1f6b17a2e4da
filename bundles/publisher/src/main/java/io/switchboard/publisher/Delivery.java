package io.switchboard.publisher;

import org.osgi.annotation.versioning.ProviderType;

/** The publisher's receipt for one event handed to one recipient. Report exactly once. */
@ProviderType
public interface Delivery {

    /** The recipient processed the event. */
    void acknowledge();

    /** The recipient could not process the event. */
    void fail(Throwable cause);
}
