package io.switchboard.data.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.data.path.PathPattern;
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

    private volatile Route[] routes = new Route[0]; // an array: routing runs on every write, without iterators
    private long added;

    synchronized void add(DataProvider provider, List<String> patterns, int ranking) {
        List<Route> next = new ArrayList<>(List.of(routes));
        long order = added++;
        for (String pattern : patterns) {
            next.add(new Route(PathPattern.compile(pattern), provider, ranking, order));
        }
        next.sort(PRECEDENCE);
        routes = next.toArray(Route[]::new);
    }

    synchronized void remove(DataProvider provider) {
        List<Route> next = new ArrayList<>(List.of(routes));
        next.removeIf(route -> route.provider() == provider);
        routes = next.toArray(Route[]::new);
    }

    /** The provider for a path, or an error when none claims it. */
    DataProvider route(String path) {
        for (Route route : routes) {
            if (route.pattern().matches(path)) {
                return route.provider();
            }
        }
        throw new SwitchboardException(DataErrors.NO_PROVIDER,
                "no storage provider is configured for '" + path + "' (register one for '/**' to have a default)");
    }

    /** Every provider, each once; patterns that span providers are answered by all of them. */
    Set<DataProvider> all() {
        Set<DataProvider> providers = new LinkedHashSet<>();
        for (Route route : routes) {
            providers.add(route.provider());
        }
        return providers;
    }

    /** Whether {@code provider} is the one that owns {@code path}. */
    boolean owns(DataProvider provider, String path) {
        for (Route route : routes) {
            if (route.pattern().matches(path)) {
                return route.provider() == provider;
            }
        }
        return false;
    }
}
