package io.switchboard.mesh;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How an {@link Instance} reports the outcome of one event delivery: exactly one of the two, once.
 * A callback rather than a promise, because every event to every subscriber has one.
 */
@ProviderType
public interface Acknowledgement {

    /** The handler returned. */
    void acknowledged();

    /** The handler threw, timed out, or the instance left ({@link Instance#GONE}) before running it. */
    void failed(Throwable failure);
}
