package io.switchboard.cluster;

import java.util.List;
import java.util.Objects;

/**
 * One member of the cluster as this node sees it.
 *
 * @param name       the node's name ({@code SWITCHBOARD_NODE_NAME})
 * @param address    its member address, {@code host:port}
 * @param state      {@code joining} (a member that has not published its registry yet), {@code up},
 *                   {@code draining} (stopping: it takes no new calls) or {@code left}
 * @param since      when it entered that state, in milliseconds since the epoch
 * @param components its running component instances, as {@code name@version}
 * @param local      whether it is this node
 */
public record ClusterMember(String name, String address, String state, long since, List<String> components, boolean local) {

    public static final String JOINING = "joining";
    public static final String UP = "up";
    public static final String DRAINING = "draining";
    public static final String LEFT = "left";

    public ClusterMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        components = List.copyOf(components);
    }
}
