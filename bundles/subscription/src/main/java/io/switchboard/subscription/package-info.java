/**
 * Live subscriptions on path patterns. {@code *} matches one segment, {@code **} zero or more
 * (with an optional {@code depth} limit), the same rule as everywhere else. The distinct patterns
 * subscribed ({@link io.switchboard.subscription.SubscribedPattern}) are what the cluster tells other
 * nodes (1.2).
 */
@Export
@Version("1.2.0")
package io.switchboard.subscription;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
