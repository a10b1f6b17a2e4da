/**
 * Durability shared by the bundles that keep files: {@link io.switchboard.system.durability.GroupCommit}
 * lets many writers wait for one commit.
 */
@Export
@Version("1.0.0")
package io.switchboard.system.durability;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
