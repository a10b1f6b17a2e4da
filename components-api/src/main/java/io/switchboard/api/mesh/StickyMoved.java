package io.switchboard.api.mesh;

import org.osgi.annotation.versioning.ConsumerType;

/** Told when a sticky key lost its instance and was bound to another one. */
@ConsumerType
@FunctionalInterface
public interface StickyMoved {

    /**
     * @param key         the sticky key
     * @param fromVersion the version of the instance that went away
     * @param toVersion   the version of the instance the key is now bound to
     */
    void moved(String key, String fromVersion, String toVersion);
}
