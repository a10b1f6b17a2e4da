/**
 * What plugs into the data service: storage providers ({@link io.switchboard.data.spi.DataProvider}),
 * and the publisher that delivers its events ({@link io.switchboard.data.spi.EventPublisher}).
 */
@Export
@Version("1.4.0")
package io.switchboard.data.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
