/**
 * Live subscriptions on path patterns. {@code *} matches one segment, {@code **} zero or more
 * (with an optional {@code depth} limit), the same rule as everywhere else. 1.2: a read-only listing
 * ({@link io.switchboard.subscription.SubscriptionService#subscriptions()}), the per-session limit's code, and
 * the distinct patterns subscribed ({@link io.switchboard.subscription.SubscribedPattern}), which the cluster
 * tells other nodes.
 */
@Export
@Version("1.2.0")
package io.switchboard.subscription;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
