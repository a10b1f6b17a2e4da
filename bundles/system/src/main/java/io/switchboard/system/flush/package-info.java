/**
 * Flushes held while one thread completes many requests, so that their answers leave as one socket
 * write per connection: {@link io.switchboard.system.flush.HeldFlushes}.
 */
@Export
@Version("1.1.0")
package io.switchboard.system.flush;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
