/**
 * Regular expressions that clients write (the data store's {@code $regex}, the bus's filters),
 * matched in linear time and bounded before they are compiled: {@link io.switchboard.system.regex.LinearRegex}.
 */
@Export
@Version("1.0.0")
package io.switchboard.system.regex;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
