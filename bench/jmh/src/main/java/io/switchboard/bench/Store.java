package io.switchboard.bench;

/** Which storage provider a benchmark runs on. */
public enum Store {
    /** The in-memory provider. */
    MEMORY,
    /** H2 MVStore, TRANSACTIONAL writes committed and fsynced before acknowledgement. */
    MVSTORE_FSYNC,
    /** H2 MVStore, TRANSACTIONAL writes committed to the OS (no fsync) before acknowledgement. */
    MVSTORE_COMMIT
}
