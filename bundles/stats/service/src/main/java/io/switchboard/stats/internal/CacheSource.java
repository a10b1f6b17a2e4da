package io.switchboard.stats.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.cache.CacheService;

/**
 * The runtime's named caches (the security service's token and account caches, components' own …): size,
 * hits, misses, evictions. Read through {@link CacheService#stats()}, which never creates a cache.
 */
@Component(service = Source.class)
public final class CacheSource implements Source {

    private final CacheService caches;

    @Activate
    public CacheSource(@Reference CacheService caches) {
        this.caches = caches;
    }

    @Override
    public void read(Readings readings) {
        CacheService service = caches;
        service.stats().forEach((name, cache) -> {
            readings.gauge("switchboard.cache.size", "entries the cache holds now (about)", cache.size(), "cache", name);
            readings.counter("switchboard.cache.hits", "lookups that found a value in the cache", cache.hits(), "cache", name);
            readings.counter("switchboard.cache.misses", "lookups that did not find a value in the cache", cache.misses(), "cache", name);
            readings.counter("switchboard.cache.evictions", "entries dropped from the cache to stay within its limit or because they expired",
                    cache.evictions(), "cache", name);
        });
    }
}
