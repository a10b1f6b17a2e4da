package io.switchboard.mesh.internal.happn;

import java.util.function.Supplier;

import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.data.DataService;
import io.switchboard.mesh.internal.event.EventRouter;
import io.switchboard.mesh.internal.event.SubscriptionTable;
import io.switchboard.mesh.internal.exchange.Conversion;
import io.switchboard.mesh.internal.exchange.Dispatcher;
import io.switchboard.mesh.internal.exchange.ProxyContracts;
import io.switchboard.mesh.internal.registry.InstanceRegistry;

/**
 * What a component's handle is made of: the node's routing, events, conversion and the services it
 * asks. Handed to {@link Handles#build} by whoever owns them, so that handles never reach back into
 * the mesh that made them.
 *
 * @param data        the runtime's data service, when there is one
 * @param permissions what a user's chain may do ({@code happn.allowed}), when the security feature runs
 */
public record HappnParts(InstanceRegistry registry, SubscriptionTable subscriptions, EventRouter events, Dispatcher dispatcher,
        ProxyContracts contracts, Conversion conversion, PromiseFactory promises, Supplier<DataService> data,
        Supplier<OriginPermissions> permissions) {
}
