package io.switchboard.data.internal.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.Selection;
import io.switchboard.data.spi.StoredItem;

/**
 * Documents in memory, lost on restart. A sorted concurrent map, so that a pattern scans only the
 * key range under its literal prefix.
 *
 * <p>Registered for {@code /**} with a low ranking, so it is the default only where no persistent
 * provider is installed; configure {@code switchboard.data.patterns} (PID
 * {@code io.switchboard.data.memory}) to keep chosen paths in memory.
 */
@Component(service = DataProvider.class, configurationPid = "io.switchboard.data.memory",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { DataProvider.NAME + "=memory", DataProvider.PATTERNS + "=/**", "service.ranking:Integer=-100" })
public final class MemoryProvider implements DataProvider {

    private final ConcurrentSkipListMap<String, StoredItem> items = new ConcurrentSkipListMap<>();

    @Override
    public StoredItem get(String path) {
        return items.get(path);
    }

    @Override
    public StoredItem update(String path, UnaryOperator<StoredItem> change, boolean durable) {
        return items.compute(path, (key, current) -> change.apply(current));
    }

    @Override
    public void scan(Selection selection, Consumer<StoredItem> sink) {
        for (StoredItem item : range(selection).values()) {
            if (selection.test(item)) {
                sink.accept(item);
            }
        }
    }

    @Override
    public long count(Selection selection) {
        long count = 0;
        for (StoredItem item : range(selection).values()) {
            if (selection.test(item)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public List<String> remove(Selection selection, boolean durable) {
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, StoredItem> entry : range(selection).entrySet()) {
            // remove only the version we tested, so a concurrent rewrite is not lost
            if (selection.test(entry.getValue()) && items.remove(entry.getKey(), entry.getValue())) {
                removed.add(entry.getKey());
            }
        }
        return removed;
    }

    private NavigableMap<String, StoredItem> range(Selection selection) {
        String prefix = selection.pattern().literalPrefix();
        if (prefix.isEmpty()) {
            return items;
        }
        if (selection.pattern().isExact()) {
            return items.subMap(prefix, true, prefix, true);
        }
        return items.subMap(prefix, true, prefix + Character.MAX_VALUE, true);
    }
}
