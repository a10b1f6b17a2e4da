/**
 * Promise helpers for the request path: {@link io.switchboard.system.promise.Settled}.
 */
@Export
@Version("1.0.0")
package io.switchboard.system.promise;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
