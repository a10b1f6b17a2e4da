/**
 * What travels between a client and the runtime, independent of how it is written on the wire.
 * A {@link io.switchboard.protocol.ProtocolPlugin} turns frames into {@link
 * io.switchboard.protocol.Request}s and {@link io.switchboard.protocol.Outbound} messages into
 * frames; plugins are OSGi services keyed by name and version, so another wire format is a bundle.
 */
@Export
@Version("1.3.0")
package io.switchboard.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
