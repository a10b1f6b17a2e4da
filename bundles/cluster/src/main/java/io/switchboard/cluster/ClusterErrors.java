package io.switchboard.cluster;

/**
 * The codes of the failures the cluster raises. A call to an instance on another node fails with
 * one of these only when the mesh cannot simply send it to another instance: a call that can be
 * known not to have started there (the node was known dead, the call was never written to its link,
 * or the node refused it because the instance had gone) is retried on another matching instance, and
 * the caller never sees it.
 */
public final class ClusterErrors {

    /**
     * The node running the callee left the cluster (it died, hung past the cluster's
     * {@code hungNodeTimeoutSeconds}, or its link broke) after the call was sent to it and before it
     * answered. The call may or may not have run there, so it is not retried.
     */
    public static final String NODE_LEFT = "cluster.node-left";
    /** Too many calls are waiting for answers from one node ({@code callsInFlightLimit}); nothing was sent. */
    public static final String OVERLOADED = "cluster.overloaded";
    /** A call's arguments or answer cannot be sent between nodes: not data, or larger than a link frame may be. */
    public static final String NOT_SENDABLE = "cluster.not-sendable";
    /** A node or a link presented another cluster secret (or none): it is refused. */
    public static final String WRONG_SECRET = "cluster.wrong-secret";
    /** A node asked to join under a name that a live member already uses. */
    public static final String NAME_TAKEN = "cluster.name-taken";
    /** A link's peer broke the link protocol (a malformed handshake, or the wrong node at an address). */
    public static final String PROTOCOL = "cluster.protocol";
    /** The node has not joined its cluster yet ({@code GET /api/cluster/members} answers 503). */
    public static final String JOINING = "cluster.joining";
    /** {@code /api/cluster/members} takes GET only (405). */
    public static final String METHOD_NOT_ALLOWED = "cluster.method-not-allowed";

    private ClusterErrors() {
    }
}
