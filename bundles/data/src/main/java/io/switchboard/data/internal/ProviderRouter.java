package io.switchboard.data.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.data.path.PathPattern;
import io.switchboard.data.path.Paths;
import io.switchboard.data.spi.DataProvider;

/**
 * Chooses the storage provider for a path: the one with the longest matching pattern, then the
 * highest ranking. The routes are an immutable snapshot replaced whenever a provider comes or goes,
 * so routing never locks.
 */
final class ProviderRouter {

    private record Route(PathPattern pattern, DataProvider provider, int ranking, long order) {
    }

    private static final Comparator<Route> PRECEDENCE = Comparator
            .comparingInt((Route r) -> r.pattern().source().length()).reversed()
            .thenComparing(Comparator.comparingInt(Route::ranking).reversed())
            .thenComparingLong(Route::order);

    /** Routes and the providers behind them, replaced together so that a reader sees a matching pair. */
    private record Snapshot(Route[] routes, List<DataProvider> providers) {
        static Snapshot of(List<Route> routes) {
            // an array: routing runs on every write, without iterators
            return new Snapshot(routes.toArray(Route[]::new), routes.stream().map(Route::provider).distinct().toList());
        }
    }

    private volatile Snapshot snapshot = Snapshot.of(List.of());
    private long added;

    synchronized void add(DataProvider provider, List<String> patterns, int ranking) {
        List<Route> next = new ArrayList<>(List.of(snapshot.routes()));
        long order = added++;
        for (String pattern : patterns) {
            next.add(new Route(PathPattern.compile(pattern), provider, ranking, order));
        }
        next.sort(PRECEDENCE);
        snapshot = Snapshot.of(next);
    }

    synchronized void remove(DataProvider provider) {
        List<Route> next = new ArrayList<>(List.of(snapshot.routes()));
        next.removeIf(route -> route.provider() == provider);
        snapshot = Snapshot.of(next);
    }

    /** The provider for a path, or an error when none claims it. */
    DataProvider route(String path) {
        DataProvider owner = owner(path);
        if (owner == null) {
            throw new SwitchboardException(DataErrors.NO_PROVIDER,
                    "no storage provider is configured for '" + path + "' (register one for '/**' to have a default)");
        }
        return owner;
    }

    /** The provider that owns {@code path}, or null when none does. */
    DataProvider ownerOrNull(String path) {
        return owner(path);
    }

    /** Every provider, each once, in precedence order; patterns that span providers are answered by all of them. */
    List<DataProvider> all() {
        return snapshot.providers();
    }

    /**
     * Whether reading the path may wait for another process: its owner's reads are not in-process,
     * or, for a pattern, any provider's are not (a pattern may span them). No owner: the read fails at once.
     */
    boolean readMayWait(String pathOrPattern) {
        if (Paths.isPattern(pathOrPattern)) {
            return snapshot.providers().stream().anyMatch(provider -> !provider.readsInProcess());
        }
        DataProvider owner = owner(pathOrPattern);
        return owner != null && !owner.readsInProcess();
    }

    /** Whether {@code provider} is the one that owns {@code path}. */
    boolean owns(DataProvider provider, String path) {
        return owner(path) == provider;
    }

    private DataProvider owner(String path) {
        for (Route route : snapshot.routes()) {
            if (route.pattern().matchesForRouting(path)) {
                return route.provider();
            }
        }
        return null;
    }
}
