package io.switchboard.mesh.internal.exchange;

import org.osgi.util.promise.Promise;

/**
 * An instance that keeps count of the answers it still owes (for the drain before it stops), told
 * that the caller of one of them stopped waiting (it timed out): that answer no longer holds the
 * instance back, so a stop does not wait the whole drain timeout for work nobody waits for.
 */
public interface Abandonable {

    /** @param answer a promise this instance's {@code invoke} returned */
    void abandoned(Promise<?> answer);
}
