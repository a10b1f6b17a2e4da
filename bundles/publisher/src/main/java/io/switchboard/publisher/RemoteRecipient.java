package io.switchboard.publisher;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The recipients of an event on another node, taken as one: a cluster's {@link RecipientSource}
 * yields one for each node whose subscriptions match the event. Its node hands the event to its own
 * recipients and reports how that went for every one of them with {@link Delivery#report}, and the
 * publisher counts them, not this one, in the write's results. It waits for that report at every
 * consistency level that waits for its recipients: TRANSACTIONAL (the other node has handed the
 * event on) as well as ACKNOWLEDGED (each of its recipients acknowledged).
 *
 * <p>It is handed every event whatever the write's {@code targetSessions} (its node picks the
 * sessions), and {@link LocalDelivery} leaves it out, so an event crosses at most one hop.
 * {@link #deliver} must not block, and events it is handed by one publisher must reach the other
 * node's recipients in that order.
 *
 * @since 1.2
 */
@ConsumerType
public interface RemoteRecipient extends Recipient {
}
