package io.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.internal.mvstore.Durability;
import io.switchboard.data.internal.mvstore.MVStoreProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.publisher.internal.PublisherImpl;
import io.switchboard.subscription.internal.SubscriptionIndex;
import io.switchboard.subscription.internal.SubscriptionServiceImpl;

/**
 * The data core wired as DS wires it in the runtime, without OSGi, so benchmarks measure the
 * services and not the framework.
 */
final class Stack implements AutoCloseable {

    final PublisherImpl publisher = new PublisherImpl(60_000, 2, 64);
    final DataServiceImpl data = new DataServiceImpl(1 << 20, publisher);
    final SubscriptionIndex index = new SubscriptionIndex();
    final SubscriptionServiceImpl subscriptions;
    private final DataProvider provider;
    private final File dir;

    Stack(Store store) throws IOException {
        publisher.addSource(index);
        subscriptions = new SubscriptionServiceImpl(data, index, 1);
        if (store == Store.MEMORY) {
            dir = null;
            provider = new MemoryProvider();
        } else {
            dir = Files.createTempDirectory("switchboard-bench").toFile();
            provider = new MVStoreProvider(new File(dir, "bench.mv.db"),
                    store == Store.MVSTORE_FSYNC ? Durability.FSYNC : Durability.COMMIT, 1000, 0);
        }
        data.addProvider(provider, Map.of(DataProvider.PATTERNS, "/**"));
    }

    @Override
    public void close() throws IOException {
        subscriptions.close();
        publisher.close();
        if (provider instanceof MVStoreProvider mv) {
            mv.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir.toPath())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** {@code prefix + i} for i below n. */
    static String[] paths(String prefix, int n) {
        String[] paths = new String[n];
        for (int i = 0; i < n; i++) {
            paths[i] = prefix + i;
        }
        return paths;
    }

    /**
     * n documents of about 100 bytes. set() takes a tree as it is and never changes it, so
     * benchmarks may write the same instances again and again.
     */
    static ObjectNode[] documents(int n) {
        ObjectNode[] documents = new ObjectNode[n];
        for (int i = 0; i < n; i++) {
            documents[i] = document(i);
        }
        return documents;
    }

    /** A document of about 100 bytes as JSON. */
    static ObjectNode document(int i) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("id", i);
        doc.put("name", String.format("sensor-%05d", i % 100_000));
        doc.put("value", 20.5 + i % 10);
        doc.put("unit", "celsius");
        doc.put("ok", true);
        doc.putArray("tags").add("roof").add("north");
        doc.put("rev", 1);
        return doc;
    }
}
