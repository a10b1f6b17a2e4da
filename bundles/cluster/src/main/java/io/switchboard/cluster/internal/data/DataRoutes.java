package io.switchboard.cluster.internal.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.switchboard.cluster.internal.registry.DataRecord;
import io.switchboard.data.DataEvent;
import io.switchboard.data.path.PathPattern;
import io.switchboard.subscription.EventType;
import io.switchboard.subscription.SubscribedPattern;

/**
 * Which other nodes have a data subscription for an event: each live node's distinct patterns,
 * compiled. A node's list comes from its registry record, or sooner, pushed over the link when one
 * of its subscriptions brings a new pattern; whichever is newer (by its version) wins. Lookups take
 * no lock: each node's list is replaced whole.
 */
final class DataRoutes {

    private record Compiled(PathPattern pattern, EventType events) {
        boolean matches(DataEvent event, List<String> paths) {
            if (!events.accepts(event.action())) {
                return false;
            }
            for (String path : paths) {
                if (pattern.matches(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Route(long version, List<Compiled> patterns) {
    }

    private final Map<String, Route> byNode = new ConcurrentHashMap<>();

    /** A node's list, pushed or read: taken when it is newer than the one known. */
    void offer(String node, DataRecord record) {
        byNode.compute(node, (name, known) -> known != null && known.version() >= record.version() ? known : compile(record));
    }

    /** The lists of the live members (from the registry): the others are dropped, newer lists taken. */
    void retain(Map<String, DataRecord> live) {
        byNode.keySet().retainAll(live.keySet());
        live.forEach((node, record) -> {
            if (record.version() > 0 || byNode.containsKey(node)) {
                offer(node, record);
            }
        });
    }

    /** Passes each node with a subscription that matches the event, each once. */
    void nodesFor(DataEvent event, Consumer<String> sink) {
        List<String> paths = event.removedPaths().isEmpty() ? List.of(event.path()) : event.removedPaths();
        byNode.forEach((node, route) -> {
            for (Compiled compiled : route.patterns()) {
                if (compiled.matches(event, paths)) {
                    sink.accept(node);
                    return;
                }
            }
        });
    }

    /** The nodes with a list (for tests and logs). */
    Set<String> nodes() {
        return Set.copyOf(byNode.keySet());
    }

    /** The registry's form of this node's distinct patterns. */
    static DataRecord record(long version, Set<SubscribedPattern> patterns) {
        List<DataRecord.Pattern> list = new ArrayList<>();
        patterns.forEach(p -> list.add(new DataRecord.Pattern(p.pattern(), p.eventType().name().toLowerCase(Locale.ROOT))));
        list.sort(java.util.Comparator.comparing(DataRecord.Pattern::pattern).thenComparing(DataRecord.Pattern::events));
        return new DataRecord(version, list);
    }

    private static Route compile(DataRecord record) {
        List<Compiled> compiled = new ArrayList<>();
        for (DataRecord.Pattern pattern : record.patterns()) {
            try {
                compiled.add(new Compiled(PathPattern.compile(pattern.pattern()), EventType.valueOf(pattern.events().toUpperCase(Locale.ROOT))));
            } catch (RuntimeException unreadable) {
                // a pattern this version cannot read (a newer node's) is left out, not the node's whole list
            }
        }
        return new Route(record.version(), List.copyOf(compiled));
    }
}
