package io.switchboard.bus.middleware;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A link of the bus's middleware chain, registered as an OSGi service. Before storage the links run
 * from the highest {@code service.ranking} to the lowest; after delivery in the reverse order, so a
 * link that encodes on the way in decodes on the way out. A link reads the message, returns it
 * changed or as it is, or refuses it with {@link Rejection}. A link is given {@code
 * linkTimeoutMillis} (etc/io.switchboard.bus.middleware.cfg) per call: one that throws anything
 * else, or takes longer, is reported (logged and counted) and the message is not lost: a publish is
 * refused with {@code bus.middleware-failed} or {@code bus.middleware-timeout} and nothing is
 * stored; a delivery goes on without that link's change.
 */
@ConsumerType
public interface BusMiddleware {

    /** Service property: the link's name in errors, logs and counts (else {@code link-<service.id>}). */
    String NAME = "bus.middleware.name";

    /**
     * A message on its way into the store.
     *
     * @return the message to store: this one or a changed copy
     * @throws Rejection to refuse the publish; the producer gets {@code bus.middleware-rejected} with the reason
     */
    default BusMessage beforeStore(BusMessage message) throws Rejection {
        return message;
    }

    /** A message read from the store on its way to a consumer (or to a dead-letter listing): returns it, changed or as it is. */
    default BusMessage afterDelivery(BusMessage message) {
        return message;
    }
}
