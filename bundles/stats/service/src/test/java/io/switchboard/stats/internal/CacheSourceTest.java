package io.switchboard.stats.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.cache.Cache;
import io.switchboard.cache.CacheOptions;
import io.switchboard.cache.CacheService;
import io.switchboard.cache.internal.CacheServiceImpl;

/** Each named cache's size, hits, misses and evictions, as Prometheus reads them; a dropped cache's series go. */
class CacheSourceTest {

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Readings readings = new Readings(prometheus);
    private final CacheService caches = new CacheServiceImpl();
    private final CacheSource source = new CacheSource(caches);

    private String scrape() {
        readings.begin();
        source.read(readings);
        readings.end();
        return prometheus.scrape();
    }

    @Test
    void everyCacheIsReadWithItsOwnLabel() {
        Cache<String> tokens = caches.memory("tokens", CacheOptions.bounded(1));
        tokens.put("a", "1");
        tokens.put("b", "2");
        scrape(); // reading the size runs the cache's pending eviction: one of a, b is left
        tokens.get("a");
        tokens.get("b");
        caches.memory("accounts", CacheOptions.UNBOUNDED).put("ann", "x");

        String text = scrape();

        for (String line : List.of("switchboard_cache_size{cache=\"tokens\"} 1.0", "switchboard_cache_evictions_total{cache=\"tokens\"} 1.0",
                "switchboard_cache_size{cache=\"accounts\"} 1.0", "switchboard_cache_hits_total{cache=\"accounts\"} 0.0",
                "switchboard_cache_misses_total{cache=\"accounts\"} 0.0")) {
            assertTrue(text.contains(line), line + " in\n" + text);
        }
        assertTrue(text.contains("switchboard_cache_hits_total{cache=\"tokens\"} 1.0"), text); // one of a, b is left: one hit,
        assertTrue(text.contains("switchboard_cache_misses_total{cache=\"tokens\"} 1.0"), text); // one miss
        assertEquals(List.of("accounts", "tokens"), caches.names(), "reading made no cache");

        caches.drop("tokens");
        assertFalse(scrape().contains("cache=\"tokens\""), "a dropped cache's series are removed");
    }
}
