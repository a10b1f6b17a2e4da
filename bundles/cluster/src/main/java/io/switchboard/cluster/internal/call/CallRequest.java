package io.switchboard.cluster.internal.call;

import java.util.List;

import io.switchboard.api.mesh.Origin;

/**
 * One call to an instance on another node, as it crosses: the instance (component and exact
 * version), the method and its arguments as data, and who started the chain.
 *
 * @param hops    how many handlers emitted in a row before this call (events' loop guard)
 * @param lenient whether the callee reads the arguments leniently (the caller's {@code CallOptions})
 */
public record CallRequest(String component, String version, String method, List<?> args, Origin origin, int hops, boolean lenient) {

    public CallRequest(String component, String version, String method, List<?> args, Origin origin, int hops) {
        this(component, version, method, args, origin, hops, false);
    }
}
