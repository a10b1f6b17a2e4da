package io.switchboard.data.internal;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.Selection;
import io.switchboard.data.spi.StoredItem;

/**
 * A provider that keeps its documents in a {@link MemoryProvider} and otherwise has the SPI's
 * defaults (its reads are not in-process, its durable writes wait): tests override what they look at.
 */
class ForwardingProvider implements DataProvider {

    final MemoryProvider memory = new MemoryProvider();

    @Override
    public StoredItem get(String path) {
        return memory.get(path);
    }

    @Override
    public StoredItem update(String path, UnaryOperator<StoredItem> change, boolean durable) {
        return memory.update(path, change, durable);
    }

    @Override
    public void scan(Selection selection, Consumer<StoredItem> sink) {
        memory.scan(selection, sink);
    }

    @Override
    public long count(Selection selection) {
        return memory.count(selection);
    }

    @Override
    public List<String> remove(Selection selection, boolean durable) {
        return memory.remove(selection, durable);
    }
}
