package io.switchboard.cluster.internal.data;

import io.switchboard.cluster.internal.link.CallHandler;

/**
 * What arrives on the node links: component calls (and component events, on frames of their own) go to the call server, the data part's payloads
 * (they start with a kind byte no call starts with, see {@link DataCodec}) to the data receiver.
 */
final class LinkDispatch implements CallHandler {

    private final CallHandler calls;
    private final CallHandler data;

    LinkDispatch(CallHandler calls, CallHandler data) {
        this.calls = calls;
        this.data = data;
    }

    @Override
    public void handle(String fromNode, byte[] payload, Responder responder) {
        (DataCodec.isData(payload) ? data : calls).handle(fromNode, payload, responder);
    }

    /** Component events have frames of their own: they are the calls' handler's. */
    @Override
    public void event(String fromNode, byte[] payload, Responder responder) {
        calls.event(fromNode, payload, responder);
    }
}
