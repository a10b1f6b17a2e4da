package io.switchboard.cluster.internal.registry;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What one node publishes in the replicated registry, under its name: the only key it writes. The
 * record is replaced whole, so a reader never sees half of a change.
 *
 * <p>Readers ignore fields they do not know, so a later version adds what it needs beside
 * {@code instances}, {@code subscriptions} and {@code data} without breaking older nodes: one
 * component, one line in {@link #sameAs}.
 *
 * @param node      the node's name
 * @param member    its Hazelcast member id (it changes when the node restarts, or after a merge):
 *                  a record whose member is not live is stale
 * @param address   its member address, {@code host:port}
 * @param state     {@code up} or {@code draining}
 * @param since     when it entered that state, by its own clock (ms since the epoch)
 * @param revision  counts the node's publications, for logs
 * @param instances its running component instances
 * @param subscriptions its component instances' event subscriptions
 * @param data      its data subscription patterns ({@link DataRecord#NONE} from a node that publishes none)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeRecord(String node, String member, String address, String state, long since, long revision,
        List<InstanceRecord> instances, List<SubscriptionEntry> subscriptions, DataRecord data) {

    public NodeRecord {
        instances = instances == null ? List.of() : List.copyOf(instances);
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        data = data == null ? DataRecord.NONE : data;
    }

    /** The same content (what routing and the members list read), whatever the revision. */
    public boolean sameAs(NodeRecord other) {
        return other != null && node.equals(other.node) && member.equals(other.member) && address.equals(other.address)
                && state.equals(other.state) && since == other.since && instances.equals(other.instances)
                && subscriptions.equals(other.subscriptions)
                && data.equals(other.data);
    }
}
