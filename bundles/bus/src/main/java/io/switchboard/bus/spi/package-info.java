/**
 * The persistence SPI of the bus: a {@link io.switchboard.bus.spi.BusDriver} per driver, registered
 * as an OSGi service with the property {@value io.switchboard.bus.spi.BusDriver#NAME}, keeps each
 * topic's messages, its groups' queues and leases, and its dead letters ({@link
 * io.switchboard.bus.spi.TopicQueue}). A driver owns the atomicity of every operation, so that a
 * driver shared by several runtimes (Redis) hands each message to one consumer of a group. Time
 * is always passed in, never read by a driver, so that tests move it. Every driver passes the same
 * conformance suite.
 */
@Export
@Version("1.3.0")
package io.switchboard.bus.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
