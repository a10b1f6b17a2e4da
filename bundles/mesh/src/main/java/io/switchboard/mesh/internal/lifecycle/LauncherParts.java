package io.switchboard.mesh.internal.lifecycle;

import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import io.switchboard.mesh.internal.happn.HappnParts;
import io.switchboard.mesh.internal.registry.Rebinding;

/**
 * What the {@link ComponentLauncher} works with, handed over by whoever owns it (the mesh), so that
 * the launcher never reaches back into the mesh that made it.
 *
 * @param happn              what each instance's handle is built from; also the node's registry, subscriptions, proxy contracts,
 *                           conversion and event router, which starting and stopping an instance update
 * @param rebinding          the gaps left by components that may come back
 * @param handlerPool        where event handlers run
 * @param node               this node's name, in instance ids (it never changes while the mesh runs)
 * @param drainTimeoutMillis read at every stop: it can change while the mesh runs
 * @param ackTimeoutMillis   read at every sweep for overdue handlers
 * @param described          tells the mesh's listeners that the description changed
 * @param routesChanged      drops routing state that may still refer to an instance that stopped
 */
public record LauncherParts(HappnParts happn, Rebinding rebinding, Executor handlerPool, String node, LongSupplier drainTimeoutMillis,
        LongSupplier ackTimeoutMillis, Runnable described, Runnable routesChanged) {
}
