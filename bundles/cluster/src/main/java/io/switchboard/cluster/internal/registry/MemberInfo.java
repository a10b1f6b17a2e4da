package io.switchboard.cluster.internal.registry;

import java.net.InetSocketAddress;

/**
 * A live member as membership reports it.
 *
 * @param node    its node name (a member attribute)
 * @param member  its member id
 * @param address its member address, {@code host:port}
 * @param link    its link address
 * @param local   whether it is this node
 */
public record MemberInfo(String node, String member, String address, InetSocketAddress link, boolean local) {
}
