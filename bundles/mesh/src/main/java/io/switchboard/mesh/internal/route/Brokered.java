package io.switchboard.mesh.internal.route;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The components this node serves its clients from other nodes (the launcher's {@code --broker},
 * {@code SWITCHBOARD_BROKER}): a client's call to one of them may reach any node's instance, while a
 * client's call to any other component reaches this node's instances only (the seed's rule).
 */
public final class Brokered {

    /** Nothing brokered: clients see the components of their own node. */
    public static final Brokered NONE = new Brokered(false, Set.of());

    private final boolean all;
    private final Set<String> names;

    private Brokered(boolean all, Set<String> names) {
        this.all = all;
        this.names = names;
    }

    /**
     * Reads the setting as the launcher passes it on, already checked there: {@code *}, or component
     * names separated by commas; null or blank brokers nothing.
     */
    public static Brokered parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return NONE;
        }
        Set<String> names = Arrays.stream(setting.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return names.contains("*") ? new Brokered(true, Set.of()) : new Brokered(false, names);
    }

    /** Whether a client's call to this component may go to another node. */
    public boolean includes(String component) {
        return all || names.contains(component);
    }

    @Override
    public String toString() {
        return all ? "*" : names.stream().sorted().collect(Collectors.joining(","));
    }
}
