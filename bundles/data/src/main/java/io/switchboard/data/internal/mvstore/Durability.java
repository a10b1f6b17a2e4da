package io.switchboard.data.internal.mvstore;

/**
 * What the persistent provider guarantees about a write acknowledged at TRANSACTIONAL or
 * ACKNOWLEDGED. QUEUED and DEFERRED writes are committed in the background (within the commit
 * delay) at every level.
 */
public enum Durability {
    /** Committed and forced to the disk (fsync) before the acknowledgement: survives power loss. */
    FSYNC,
    /** Committed to the operating system before the acknowledgement: survives the process being killed, not power loss. */
    COMMIT,
    /** Committed in the background within the commit delay: a crash may lose the last moments of writes. */
    BACKGROUND
}
