/**
 * The bus's middleware SPI: a {@link io.switchboard.bus.middleware.BusMiddleware} registered as an
 * OSGi service takes part in every publish (before the message is stored) and every delivery (before
 * a consumer gets it), in the order of its {@code service.ranking}. A bundle dropped into
 * {@code deploy/} that registers one takes part at once and leaves when it is removed.
 * docs/bus-middleware.md is the guide.
 */
@Export
@Version("1.0.0")
package io.switchboard.bus.middleware;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
