package io.switchboard.session;

import org.osgi.annotation.versioning.ConsumerType;

import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.Request;

/**
 * One step of the message pipeline (authorise, validate, custom middleware). Register as an OSGi
 * service with an integer property {@link #ORDER}: inbound requests pass the layers from the
 * lowest order to the highest, outbound messages from the highest to the lowest. Layers are
 * called on the session's own ordered lane, so they see one session's messages in order; that lane
 * runs on the transport's reading thread while the session is idle (see {@link ActionHandler#mayBlock}),
 * and a publication's on the publisher's thread, which goes on to the other subscribers after it,
 * so a layer must not block.
 */
@ConsumerType
public interface Layer {

    String ORDER = "layer.order";

    /**
     * Inspects a request on its way in; returns it (or a changed one) to pass it on. Throw a
     * {@link io.switchboard.api.errors.SwitchboardException} to refuse it: the client gets that error.
     */
    default Request inbound(Session session, Request request) {
        return request;
    }

    /**
     * Inspects a message on its way out; returns it (or a changed one), or {@code null} to drop it.
     * A change goes into a copy, never into the message's own JSON: one publication's event is
     * shared by every subscriber it is fanned out to.
     */
    default Outbound outbound(Session session, Outbound message) {
        return message;
    }
}
