/**
 * The mesh as the rest of the runtime sees it: the {@link Mesh} service (description of the
 * components, and calls and event subscriptions from the network edge) and the {@link Instance} abstraction every route and
 * event delivery goes through, so that instances on other nodes plug in beside local ones. 1.3: the
 * {@code failed} state with its reason, and {@link io.switchboard.mesh.Mesh#snapshot()} for operators. 1.4: the
 * subscriptions a node publishes for its clients' subscriptions to brokered components
 * ({@link io.switchboard.mesh.EventSubscription#CLIENTS}). 1.6: the time spent per method,
 * {@link io.switchboard.mesh.MeshSnapshot.MethodCalls#nanos()}, and event counts per event
 * ({@link io.switchboard.mesh.Mesh#eventCountsByEvent()}). 1.7: instances expected back after an update in place,
 * published and mirrored across nodes ({@link io.switchboard.mesh.Mesh#expectedBack()},
 * {@link io.switchboard.mesh.Mesh#expectBack}).
 */
@Export
@Version("1.8.0")
package io.switchboard.mesh;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
