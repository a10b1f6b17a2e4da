package io.switchboard.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cache.Cache;
import io.switchboard.cache.CacheOptions;
import io.switchboard.cache.CacheService;
import io.switchboard.cache.CacheStats;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;

class CacheServiceTest {

    private final DataServiceImpl data = new DataServiceImpl(1 << 20,
            event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
    private final CacheService caches = new CacheServiceImpl(data);

    CacheServiceTest() {
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
    }

    @Test
    void aBoundedCacheStaysWithinItsLimit() {
        Cache<Integer> cache = caches.memory("bounded", CacheOptions.bounded(10));
        for (int i = 0; i < 1_000; i++) {
            cache.put("k" + i, i);
        }
        assertTrue(cache.size() <= 10, "size " + cache.size());
        assertTrue(cache.stats().evictions() >= 990);
    }

    @Test
    void aCacheBoundedByKeyCharsKeepsFewerEntriesWhenKeysAreLong() {
        Cache<Boolean> cache = caches.memory("weighed", CacheOptions.boundedByKeyChars(1_000_000));
        String longKey = "k".repeat(100_000);
        for (int i = 0; i < 1_000; i++) {
            cache.put(i + longKey, true); // 100 MB of keys if nothing were evicted
        }
        assertTrue(cache.size() <= 10, "size " + cache.size());
        for (int i = 0; i < 10_000; i++) {
            cache.put("short" + i, true); // 10 + 64 each: about 13,500 fit
        }
        assertTrue(cache.size() > 9_000, "short keys are not crowded out: " + cache.size());
    }

    @Test
    void loadersRunOnceAndStatsCountHitsAndMisses() {
        Cache<String> cache = caches.memory("loading", CacheOptions.UNBOUNDED);
        AtomicInteger loads = new AtomicInteger();
        assertEquals("v:a", cache.get("a", k -> "v:" + k + (loads.incrementAndGet() > 1 ? "!" : "")));
        assertEquals("v:a", cache.get("a", k -> "v:" + k + (loads.incrementAndGet() > 1 ? "!" : "")));
        assertEquals(Optional.empty(), cache.get("missing"));
        assertEquals(1, loads.get());
        assertEquals(1, cache.stats().hits());
        assertEquals(2, cache.stats().misses());
    }

    @Test
    void statsListEveryCacheByNameWithItsSizeAndCreateNone() {
        Cache<String> tokens = caches.memory("tokens", CacheOptions.bounded(2));
        Cache<String> accounts = caches.memory("accounts", CacheOptions.UNBOUNDED);
        tokens.put("a", "1");
        tokens.put("b", "2");
        tokens.put("c", "3");
        tokens.get("c");
        tokens.get("nope");
        accounts.put("ann", "x");

        Map<String, CacheStats> stats = caches.stats();

        assertEquals(List.of("accounts", "tokens"), List.copyOf(stats.keySet()), "in name order");
        assertEquals(new CacheStats(0, 0, 0, 1), stats.get("accounts"));
        CacheStats bounded = stats.get("tokens");
        assertEquals(2, bounded.size(), bounded.toString());
        assertEquals(1, bounded.evictions(), bounded.toString());
        assertEquals(2, bounded.hits() + bounded.misses(), bounded.toString()); // "c" may be the one evicted
        assertEquals(List.of("accounts", "tokens"), caches.names(), "reading the stats makes no cache");
        assertThrows(UnsupportedOperationException.class, () -> stats.put("other", new CacheStats(0, 0, 0)));
    }

    @Test
    void aNameAlwaysMeansTheSameCache() {
        Cache<String> first = caches.memory("shared", CacheOptions.UNBOUNDED);
        assertSame(first, caches.<String>memory("shared", CacheOptions.bounded(1)));
        assertEquals(List.of("shared"), caches.names());
        caches.drop("shared");
        assertEquals(List.of(), caches.names());
    }

    @Test
    void aNameTakenByOneKindIsNotHandedOutAsTheOther() {
        Cache<String> memory = caches.memory("mem", CacheOptions.UNBOUNDED);
        Cache<JsonNode> persisted = caches.persisted("disk", CacheOptions.UNBOUNDED);

        assertEquals(CacheService.INVALID_NAME,
                assertThrows(SwitchboardException.class, () -> caches.persisted("mem", CacheOptions.UNBOUNDED)).code());
        assertEquals(CacheService.INVALID_NAME,
                assertThrows(SwitchboardException.class, () -> caches.memory("disk", CacheOptions.UNBOUNDED)).code());

        // the refused requests changed nothing: each name still means its first cache
        assertSame(memory, caches.<String>memory("mem", CacheOptions.UNBOUNDED));
        assertSame(persisted, caches.persisted("disk", CacheOptions.UNBOUNDED));
        assertEquals(List.of("disk", "mem"), caches.names());
    }

    @Test
    void persistedEntriesOutliveTheCacheService() {
        Cache<JsonNode> cache = caches.persisted("sessions", CacheOptions.bounded(100));
        cache.put("s1", JsonNodeFactory.instance.objectNode().put("user", "ann"));
        cache.put("s2", TextNode.valueOf("plain"));
        cache.put("gone", IntNode.valueOf(1));
        cache.remove("gone");

        CacheService restarted = new CacheServiceImpl(data);
        Cache<JsonNode> again = restarted.persisted("sessions", CacheOptions.bounded(100));
        assertEquals("ann", again.get("s1").orElseThrow().get("user").asText());
        assertEquals(TextNode.valueOf("plain"), again.get("s2").orElseThrow());
        assertEquals(Optional.empty(), again.get("gone"));
        again.clear();
        assertEquals(Optional.empty(), new CacheServiceImpl(data).persisted("sessions", CacheOptions.UNBOUNDED).get("s1"));
    }

    @Test
    void badNamesAndOptionsHaveCodes() {
        assertEquals(CacheService.INVALID_NAME, assertThrows(SwitchboardException.class, () -> caches.persisted("a/b", CacheOptions.UNBOUNDED)).code());
        assertEquals(CacheService.INVALID_NAME, assertThrows(SwitchboardException.class, () -> caches.memory(" ", CacheOptions.UNBOUNDED)).code());
        assertEquals(CacheService.INVALID_OPTION, assertThrows(SwitchboardException.class, () -> caches.memory("neg", CacheOptions.bounded(-1))).code());
        Cache<JsonNode> cache = caches.persisted("ok", CacheOptions.UNBOUNDED);
        assertEquals(CacheService.INVALID_NAME, assertThrows(SwitchboardException.class, () -> cache.put("a/b", IntNode.valueOf(1))).code());
        assertEquals(CacheService.NO_DATA_SERVICE, assertThrows(SwitchboardException.class, () -> new CacheServiceImpl().persisted("x", null)).code());
    }
}
