package io.switchboard.mesh.internal;

/**
 * The mesh's tunables.
 *
 * @param node               this node's name in instance ids
 * @param callTimeoutMillis  default time a caller waits for an asynchronous answer
 * @param drainTimeoutMillis how long a stopping instance may take to finish its in-flight work
 * @param ackTimeoutMillis   how long a handler may run before it is reported as overdue (and an {@code any} event moves on)
 * @param hopLimit           events in one chain before the next is dropped as a loop
 * @param retryLimit         failed handlers an {@code any} event is retried past
 * @param eventThreads       threads running event handlers
 * @param rebindMillis       how long callers wait for a component whose bundle stopped (an update in place) to come back; 0: not at all
 */
public record MeshSettings(String node, long callTimeoutMillis, long drainTimeoutMillis, long ackTimeoutMillis, int hopLimit,
        int retryLimit, int eventThreads, long rebindMillis) {

    public static final long DEFAULT_REBIND_MILLIS = 5_000;
    /** The same as the largest WebSocket frame (transport's max.frame.bytes): one call's arguments, either way in. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1_048_576;

    public static MeshSettings defaults() {
        return new MeshSettings("local", 30_000, 10_000, 30_000, 10, 3, Math.max(2, Runtime.getRuntime().availableProcessors()),
                DEFAULT_REBIND_MILLIS);
    }

    public MeshSettings withNode(String name) {
        return new MeshSettings(name, callTimeoutMillis, drainTimeoutMillis, ackTimeoutMillis, hopLimit, retryLimit, eventThreads, rebindMillis);
    }

    public MeshSettings withRebind(long millis) {
        return new MeshSettings(node, callTimeoutMillis, drainTimeoutMillis, ackTimeoutMillis, hopLimit, retryLimit, eventThreads, millis);
    }

    public MeshSettings withDrainTimeout(long millis) {
        return new MeshSettings(node, callTimeoutMillis, millis, ackTimeoutMillis, hopLimit, retryLimit, eventThreads, rebindMillis);
    }

    public MeshSettings withCallTimeout(long millis) {
        return new MeshSettings(node, millis, drainTimeoutMillis, ackTimeoutMillis, hopLimit, retryLimit, eventThreads, rebindMillis);
    }

    public MeshSettings withAckTimeout(long millis) {
        return new MeshSettings(node, callTimeoutMillis, drainTimeoutMillis, millis, hopLimit, retryLimit, eventThreads, rebindMillis);
    }

    public MeshSettings withHopLimit(int limit) {
        return new MeshSettings(node, callTimeoutMillis, drainTimeoutMillis, ackTimeoutMillis, limit, retryLimit, eventThreads, rebindMillis);
    }

    public MeshSettings withEventThreads(int threads) {
        return new MeshSettings(node, callTimeoutMillis, drainTimeoutMillis, ackTimeoutMillis, hopLimit, retryLimit, threads, rebindMillis);
    }

    public MeshSettings withRetryLimit(int limit) {
        return new MeshSettings(node, callTimeoutMillis, drainTimeoutMillis, ackTimeoutMillis, hopLimit, limit, eventThreads, rebindMillis);
    }
}
