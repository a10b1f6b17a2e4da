/**
 * The mesh as a component sees it: declaring a versioned component ({@link MeshComponent}), its
 * {@link Happn} handle (exchange, events, emit, log, origin), call and subscription options, and the
 * errors a caller can branch on ({@link MeshErrors}), and {@link OriginPermissions}, the check behind
 * {@link Happn#allowed}.
 */
@Export
@Version("1.3.0")
package io.switchboard.api.mesh;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
