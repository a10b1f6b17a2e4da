/**
 * Writing what comes from outside into the log, safely. {@link io.switchboard.system.log.LogText}
 * encodes and bounds a value (a client's field, a close reason, a user name, a path, an exception
 * message) so that it stays on its log line and cannot forge another one;
 * {@link io.switchboard.system.log.RateLimitedLog} keeps a failure that anyone can repeat from
 * filling the disk, and says how many lines it held back; {@link io.switchboard.system.log.CorrelationIds}
 * names a failure once, for the log line and for the client's error message alike, and
 * {@link io.switchboard.system.log.Awaited} does so for a promise that failed without a code.
 */
@Export
@Version("1.1.0")
package io.switchboard.system.log;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
