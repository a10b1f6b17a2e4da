/**
 * The data service: a JSON document store keyed by path, with live publication of every change.
 *
 * <p>Values are Jackson trees and are never serialized on the way from an in-JVM caller to the
 * store or to an in-JVM subscriber. The price of that is a rule: a tree handed to
 * {@link io.switchboard.data.DataService#set} belongs to the store from then on, and a tree read
 * back (from an {@link io.switchboard.data.Item} or a {@link io.switchboard.data.DataEvent}) is
 * shared with every other reader. Treat both as read-only; {@code deepCopy()} before changing one.
 *
 * <p>Every operation is asynchronous and returns an OSGi {@link org.osgi.util.promise.Promise}.
 * Failures are {@link io.switchboard.api.errors.SwitchboardException}s whose codes are listed in
 * {@link io.switchboard.data.DataErrors}.
 */
@Export
@Version("1.2.0")
package io.switchboard.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
