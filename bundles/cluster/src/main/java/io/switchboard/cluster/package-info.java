/**
 * The cluster as the rest of the runtime sees it: the {@link Cluster} service (this node's name and
 * the members it sees) and the error codes of calls that cross nodes ({@link ClusterErrors}).
 */
@Export
@Version("1.0.0")
package io.switchboard.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
