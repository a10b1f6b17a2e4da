package io.switchboard.cluster.internal.registry;

/** What happens to the links when membership changes: told on the cluster's thread, after routing. */
public interface Peers {

    /** A node became a member: its link can be opened before its first call. */
    void joined(String node);

    /** A node is no longer a member: its links end, failing the calls that wait on them. */
    void left(String node);
}
