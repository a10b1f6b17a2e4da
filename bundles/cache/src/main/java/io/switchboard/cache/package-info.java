/**
 * Named caches for the runtime's services: bounded (least recently and least frequently used
 * entries go first), unbounded (a place for concurrency-safe shared state), and persisted (kept in
 * the data store, so it survives restarts). 1.2: {@link io.switchboard.cache.CacheService#stats()}, every
 * cache's counters without creating one, and {@link io.switchboard.cache.CacheStats#size()}.
 */
@Export
@Version("1.2.0")
package io.switchboard.cache;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
