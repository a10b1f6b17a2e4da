package io.switchboard.cluster.internal.call;

import org.osgi.util.promise.Promise;

import io.switchboard.cluster.internal.link.Reply;

/**
 * How a call travels to another node and its answer back. The default is the node link
 * ({@link LinkTransport}); Hazelcast's executor ({@link ExecutorTransport}) is kept for comparison
 * (bench/cluster.sh), chosen with the setting {@code callTransport}.
 */
public interface CallTransport {

    /**
     * Sends an encoded call ({@link CallCodec}) to a node. The promise fails with
     * {@link io.switchboard.mesh.Instance#GONE} when the call can be known not to have started there,
     * and with {@link io.switchboard.cluster.ClusterErrors#NODE_LEFT} when the node left after it may have.
     */
    Promise<Reply> call(String node, byte[] payload);
}
