package io.switchboard.cluster.internal.data;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.switchboard.cluster.internal.call.CallTransport;
import io.switchboard.data.DataEvent;
import io.switchboard.publisher.Recipient;
import io.switchboard.publisher.RecipientSource;

/**
 * The publisher's view of the other nodes: for each event, one recipient per node that has a
 * matching data subscription, and none for the others (nothing is broadcast). The replay of stored
 * documents to a new subscriber ({@code initial}) never crosses: that subscriber's node reads them.
 */
final class RemoteNodes implements RecipientSource {

    private final DataRoutes routes;
    private final CallTransport transport;
    private final long epoch;
    private final Map<String, RemoteNode> byNode = new ConcurrentHashMap<>();

    RemoteNodes(DataRoutes routes, CallTransport transport, long epoch) {
        this.routes = routes;
        this.transport = transport;
        this.epoch = epoch;
    }

    @Override
    public void collect(DataEvent event, Consumer<Recipient> sink) {
        if (event.initial()) {
            return;
        }
        routes.nodesFor(event, node -> sink.accept(byNode.computeIfAbsent(node, name -> new RemoteNode(name, transport, epoch))));
    }

    /** Forgets the nodes that are not live members any more. */
    void retain(Set<String> live) {
        byNode.keySet().retainAll(live);
    }
}
