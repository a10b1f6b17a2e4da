package io.switchboard.api.mesh;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers whether an {@link Origin} may do an action on a path, for {@link Happn#allowed}. The
 * security feature registers one as an OSGi service, and the insecure development mode one that
 * allows everything. The mesh requires it: while none is registered (security stopped or being
 * updated), {@link Happn#allowed} answers false for users and anonymous callers, and the mesh
 * refuses clients' calls and event subscriptions with {@code security.unavailable}.
 *
 * <p>The mesh asks only about {@link Origin.Kind#USER} and {@link Origin.Kind#ANONYMOUS} origins:
 * work that a component or the system started is always allowed.
 */
@ConsumerType
@FunctionalInterface
public interface OriginPermissions {

    /**
     * @param origin a user or anonymous origin
     * @param action a permission action: {@code get}, {@code set}, {@code on}, {@code remove},
     *               {@code count}, {@code call}
     * @param path   a path or pattern, for example {@code /_exchange/deviceManager/update}
     */
    boolean allowed(Origin origin, String action, String path);
}
