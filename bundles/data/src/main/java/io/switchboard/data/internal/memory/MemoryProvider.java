package io.switchboard.data.internal.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.Selection;
import io.switchboard.data.spi.StoredItem;

/**
 * Documents in memory, lost on restart.
 *
 * <p>A hash map holds the documents, so reads and overwrites (the common writes) cost one hash
 * lookup; a sorted set of the paths lets a pattern scan only the range under its literal prefix.
 * The set changes only when a path appears or disappears, and always inside the map's per-key
 * {@code compute}, so the two never disagree about a path for longer than one write.
 *
 * <p>Registered for {@code /**} with a low ranking, so it is the default only where no persistent
 * provider is installed; configure {@code switchboard.data.patterns} (PID
 * {@code io.switchboard.data.memory}) to keep chosen paths in memory.
 */
@Component(service = DataProvider.class, configurationPid = "io.switchboard.data.memory",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { DataProvider.NAME + "=memory", DataProvider.PATTERNS + "=/**", "service.ranking:Integer=-100" })
public final class MemoryProvider implements DataProvider {

    private final ConcurrentHashMap<String, StoredItem> items = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<String> paths = new ConcurrentSkipListSet<>();

    /** Reads come from this process's memory. */
    @Override
    public boolean readsInProcess() {
        return true;
    }

    @Override
    public StoredItem get(String path) {
        return items.get(path);
    }

    @Override
    public StoredItem update(String path, UnaryOperator<StoredItem> change, boolean durable) {
        return items.compute(path, (key, current) -> track(key, current, change.apply(current)));
    }

    @Override
    public void scan(Selection selection, Consumer<StoredItem> sink) {
        for (String path : range(selection)) {
            StoredItem item = items.get(path);
            if (item != null && selection.test(item)) {
                sink.accept(item);
            }
        }
    }

    @Override
    public long count(Selection selection) {
        long[] count = new long[1];
        scan(selection, item -> count[0]++);
        return count[0];
    }

    @Override
    public List<String> remove(Selection selection, boolean durable) {
        List<String> removed = new ArrayList<>();
        for (String path : range(selection)) {
            // test under the key's lock, so that a concurrent rewrite is judged as it is now
            items.computeIfPresent(path, (key, current) -> {
                if (!selection.test(current)) {
                    return current;
                }
                removed.add(key);
                return track(key, current, null);
            });
        }
        return removed;
    }

    /** Keeps the sorted paths in step with the map; runs inside the map's lock for that key. */
    private StoredItem track(String path, StoredItem before, StoredItem after) {
        if (before == null && after != null) {
            paths.add(path);
        } else if (before != null && after == null) {
            paths.remove(path);
        }
        return after;
    }

    /**
     * The paths that can match: those below the pattern's literal prefix (a whole-segment prefix, so
     * {@code /a/b} does not drag in {@code /a/bc}), and the prefix itself when {@code **} may match
     * nothing.
     */
    private Iterable<String> range(Selection selection) {
        String prefix = selection.pattern().literalPrefix();
        if (prefix.isEmpty()) {
            return paths;
        }
        if (selection.pattern().isExact()) {
            return paths.subSet(prefix, true, prefix, true);
        }
        NavigableSet<String> below = paths.subSet(prefix + "/", true, prefix + "/" + Character.MAX_VALUE, true);
        if (!selection.pattern().matches(prefix) || !items.containsKey(prefix)) {
            return below;
        }
        List<String> all = new ArrayList<>(below.size() + 1);
        all.add(prefix);
        all.addAll(below);
        return all;
    }
}
