package io.switchboard.cache.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cache.Cache;
import io.switchboard.cache.CacheOptions;
import io.switchboard.cache.CacheService;
import io.switchboard.cache.CacheStats;
import io.switchboard.data.DataService;

/**
 * Keeps the runtime's named caches. The data service is optional: memory caches work without it,
 * persisted ones need it.
 */
@Component(service = CacheService.class)
public final class CacheServiceImpl implements CacheService {

    private final Map<String, Cache<?>> caches = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DataService data;

    public CacheServiceImpl() {
    }

    /** For use outside OSGi (tests, benchmarks). */
    public CacheServiceImpl(DataService data) {
        this.data = data;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> Cache<V> memory(String name, CacheOptions options) {
        Cache<?> cache = caches.computeIfAbsent(checked(name), n -> new MemoryCache<V>(n, options(options)));
        return (Cache<V>) ofKind(cache, MemoryCache.class, "memory");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Cache<JsonNode> persisted(String name, CacheOptions options) {
        DataService store = data;
        if (store == null) {
            throw new SwitchboardException(NO_DATA_SERVICE, "persisted caches need the data service, which is not running");
        }
        PersistedCache.segmentPath("name", checked(name), PersistedCache.ROOT);
        Cache<?> cache = caches.computeIfAbsent(name,
                n -> new PersistedCache(new MemoryCache<>(n, options(options)), store));
        return (Cache<JsonNode>) ofKind(cache, PersistedCache.class, "persisted");
    }

    @Override
    public List<String> names() {
        return caches.keySet().stream().sorted().toList();
    }

    @Override
    public Map<String, CacheStats> stats() {
        Map<String, CacheStats> byName = new TreeMap<>();
        caches.forEach((name, cache) -> byName.put(name, cache.stats()));
        return Collections.unmodifiableMap(byName);
    }

    @Override
    public void drop(String name) {
        Cache<?> cache = caches.remove(name);
        if (cache instanceof MemoryCache<?> memory) {
            memory.clear();
        }
    }

    /**
     * Both kinds share one map of names, so the cache found under a name may be of the other kind.
     * Handing it back would be wrong either way: a memory cache posing as persisted silently loses
     * its entries on restart, and a persisted one posing as memory writes to the data store. The
     * name is not usable for this kind, hence {@link CacheService#INVALID_NAME}.
     */
    private static Cache<?> ofKind(Cache<?> cache, Class<?> kind, String kindName) {
        if (!kind.isInstance(cache)) {
            throw new SwitchboardException(INVALID_NAME, "the cache '" + cache.name() + "' already exists and is not a "
                    + kindName + " cache");
        }
        return cache;
    }

    private static CacheOptions options(CacheOptions options) {
        if (options == null) {
            return CacheOptions.UNBOUNDED;
        }
        if (options.maxEntries() < 0) {
            throw new SwitchboardException(INVALID_OPTION, "maxEntries must be 0 (no limit) or more, was " + options.maxEntries());
        }
        if (options.maxKeyChars() < 0) {
            throw new SwitchboardException(INVALID_OPTION, "maxKeyChars must be 0 (no limit) or more, was " + options.maxKeyChars());
        }
        return options;
    }

    private static String checked(String name) {
        if (name == null || name.isBlank()) {
            throw new SwitchboardException(INVALID_NAME, "a cache needs a name");
        }
        return name;
    }
}
