/**
 * The publisher's contract with whoever receives data events: a {@link io.switchboard.publisher.RecipientSource}
 * (the subscription index, later remote nodes) names the {@link io.switchboard.publisher.Recipient}s of an
 * event; the publisher hands the event to each and, at ACKNOWLEDGED, waits for each
 * {@link io.switchboard.publisher.Delivery} to be acknowledged. A {@link io.switchboard.publisher.RemoteRecipient}
 * stands for another node's recipients, which that node reaches through its
 * {@link io.switchboard.publisher.LocalDelivery} (1.2).
 */
@Export
@Version("1.2.0")
package io.switchboard.publisher;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
