package io.switchboard.mesh;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;

/** The mesh, for the network edge, the console and the cluster. Registered as an OSGi service. */
@ProviderType
public interface Mesh {

    /** Every component known to this node: running instances (local or remote) and those waiting for dependencies. */
    List<ComponentDescription> describe();

    /**
     * Calls a component's method on behalf of a caller outside the mesh (an HTTP or WebSocket
     * client). There are no declared dependencies here: {@code options.range()} (or any version)
     * selects the candidates, and only instances on this node are reachable: a client sees the
     * components of the node it is attached to.
     */
    Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options);

    /** Adds an instance that lives elsewhere (another node); it is routable until {@link #remove(Instance)}. */
    void add(Instance instance);

    /** Takes an instance out of routing. */
    void remove(Instance instance);
}
