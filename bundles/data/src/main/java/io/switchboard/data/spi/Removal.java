package io.switchboard.data.spi;

import java.util.List;

/**
 * What a provider removed: the paths, and the version of the removal when the provider assigns
 * versions itself.
 *
 * @param paths   the paths removed
 * @param version the removal's version in the store, or {@link #UNVERSIONED}
 * @since 1.1
 */
public record Removal(List<String> paths, long version) {

    /** The provider keeps no versions of its own; the data service gives the removal one. */
    public static final long UNVERSIONED = 0;

    public Removal {
        paths = List.copyOf(paths);
    }
}
