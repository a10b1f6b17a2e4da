package io.switchboard.mesh.internal.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.registry.Registered;
import io.switchboard.mesh.internal.version.SemverRange;

/** The live instances of one component whose version is in a range: the candidates a route chooses from. */
public final class Matches {

    private final List<Instance> all;
    private final List<Instance> highest;
    private final List<Instance> localHighest;

    private Matches(List<Instance> all, List<Instance> highest, List<Instance> localHighest) {
        this.all = all;
        this.highest = highest;
        this.localHighest = localHighest;
    }

    /** @param instances highest version first, as the registry keeps them */
    public static Matches of(List<Registered> instances, SemverRange range) {
        return of(instances, range, false);
    }

    /** @param localOnly only instances on this node (what clients at the network edge may reach) */
    public static Matches of(List<Registered> instances, SemverRange range, boolean localOnly) {
        return of(instances, range, localOnly, Set.of());
    }

    /**
     * @param without ids of instances left out although the registry still lists them: those that
     *                answered a call that they had left (another node's registry entry lags behind)
     */
    public static Matches of(List<Registered> instances, SemverRange range, boolean localOnly, Set<String> without) {
        List<Instance> all = new ArrayList<>();
        List<Instance> highest = new ArrayList<>();
        List<Instance> localHighest = new ArrayList<>();
        Registered top = null;
        for (Registered candidate : instances) {
            if (!range.includes(candidate.version()) || (localOnly && !candidate.instance().local())
                    || (!without.isEmpty() && without.contains(candidate.instance().id()))) {
                continue;
            }
            all.add(candidate.instance());
            if (top == null || top.version().isEqualTo(candidate.version())) {
                top = top == null ? candidate : top;
                highest.add(candidate.instance());
                if (candidate.instance().local()) {
                    localHighest.add(candidate.instance());
                }
            }
        }
        return new Matches(List.copyOf(all), List.copyOf(highest), List.copyOf(localHighest));
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** Every match, highest version first. */
    public List<Instance> all() {
        return all;
    }

    /** The matches of the highest version present. */
    public List<Instance> highest() {
        return highest;
    }

    /** The matches of the highest version present that run on this node. */
    public List<Instance> localHighest() {
        return localHighest;
    }

    public boolean contains(Instance instance) {
        return all.contains(instance);
    }

    /** The versions present, for error messages: "1.0.0, 2.0.0". */
    public static String versionsPresent(List<Registered> instances) {
        if (instances.isEmpty()) {
            return "none";
        }
        return instances.stream().map(r -> r.instance().version()).distinct().collect(Collectors.joining(", "));
    }
}
