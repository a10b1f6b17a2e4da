/**
 * The publisher's contract with whoever receives data events: a {@link io.switchboard.publisher.RecipientSource}
 * (the subscription index, later remote nodes) names the {@link io.switchboard.publisher.Recipient}s of an
 * event; the publisher hands the event to each and, at ACKNOWLEDGED, waits for each
 * {@link io.switchboard.publisher.Delivery} to be acknowledged.
 */
@Export
@Version("1.1.0")
package io.switchboard.publisher;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
