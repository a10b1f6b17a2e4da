/**
 * Errors that cross a component boundary: every failure a caller can see carries a stable,
 * machine-readable code and a message meant for people.
 */
@Export
@Version("1.0.0")
package io.switchboard.api.errors;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
