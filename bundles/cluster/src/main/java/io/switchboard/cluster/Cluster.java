package io.switchboard.cluster;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This node in its cluster. Registered as an OSGi service once the node has joined, with the service
 * properties {@value #NODE_PROPERTY} and {@value #MEMBERS_PROPERTY} (the names of the members it sees,
 * kept current), which the launcher reads for its banner without loading this class.
 */
@ProviderType
public interface Cluster {

    /** Service property: this node's name. */
    String NODE_PROPERTY = "switchboard.cluster.node";
    /** Service property: the names of the members this node sees, itself included, oldest first. */
    String MEMBERS_PROPERTY = "switchboard.cluster.members";

    /** This node's name. */
    String nodeName();

    /**
     * The members this node sees: the live ones, oldest first, then those that left recently (a
     * bounded number, newest first).
     */
    List<ClusterMember> members();
}
