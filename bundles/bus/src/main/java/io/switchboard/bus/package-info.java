/**
 * The message bus: topics with a queue discipline on a persistence driver, publish, consumer groups
 * with leases and explicit acks, synchronous replies and dead letters ({@link io.switchboard.bus.Bus}),
 * read-only views of schedules and webhooks for operators ({@link io.switchboard.bus.ScheduleInfo}, {@link io.switchboard.bus.WebhookInfo}),
 * its settings ({@link io.switchboard.bus.TopicSettings}) and its error codes ({@link
 * io.switchboard.bus.BusErrors}). The HTTP API under {@code /api/bus/} and the WebSocket actions are
 * built on this service; docs/bus.md is the user guide.
 */
@Export
@Version("1.3.0")
package io.switchboard.bus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
