package io.switchboard.cluster.internal.call;

import org.osgi.util.promise.Promise;

import io.switchboard.cluster.internal.link.Links;
import io.switchboard.cluster.internal.link.OutboundLink;
import io.switchboard.cluster.internal.link.Reply;

/** Calls over this node's direct links to the others: one hop, authenticated, pipelined. */
public final class LinkTransport implements CallTransport {

    private final Links links;

    public LinkTransport(Links links) {
        this.links = links;
    }

    @Override
    public Promise<Reply> call(String node, byte[] payload) {
        Promise<OutboundLink> link = links.to(node);
        OutboundLink open = link.isDone() ? opened(link) : null;
        return open != null ? open.call(payload) : link.flatMap(ready -> ready.call(payload));
    }

    /** Sends an encoded event ({@link EventCodec}) to a node; it fails as {@link #call} does. */
    public Promise<Reply> event(String node, byte[] payload) {
        Promise<OutboundLink> link = links.to(node);
        OutboundLink open = link.isDone() ? opened(link) : null;
        return open != null ? open.event(payload) : link.flatMap(ready -> ready.event(payload));
    }

    private static OutboundLink opened(Promise<OutboundLink> link) {
        try {
            return link.getFailure() == null ? link.getValue() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
