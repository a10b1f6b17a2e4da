package io.switchboard.mesh.internal.route;

import io.switchboard.mesh.Instance;

/**
 * Chooses the instance a call goes to. One object per caller and callee, so a strategy may keep
 * state (a round-robin position, sticky bindings) between calls.
 */
public interface RouteStrategy {

    /** @param matches never empty */
    Instance choose(Matches matches, String key);
}
