/**
 * Paths and path patterns: the one rule for {@code *} and {@code **} that gets, removes, counts,
 * subscriptions and (later) permissions all share.
 *
 * <p>A path is {@code /}-separated, starts with {@code /}, has no empty segment and no trailing
 * slash, and uses only the characters listed in {@link io.switchboard.data.path.Paths}. A pattern
 * is a path whose segments may also be exactly {@code *} (one segment) or {@code **} (zero or more
 * segments). A wildcard inside a segment ({@code /a/b*}) is not a pattern, it is an error.
 */
@Export
@Version("1.1.0")
package io.switchboard.data.path;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
