package io.switchboard.data;

/**
 * When a write is acknowledged, relative to the delivery of its publication to subscribers.
 */
public enum Consistency {
    /** Acknowledged once the publication is queued for fan-out; delivery happens later. */
    QUEUED,
    /** Acknowledged at once; the publish results arrive later through {@link WriteResult#published()}. */
    DEFERRED,
    /** The default: acknowledged after every recipient has been handed the publication. */
    TRANSACTIONAL,
    /** Acknowledged after every recipient has confirmed it (or the acknowledgement timed out). */
    ACKNOWLEDGED
}
