package io.switchboard.mesh.internal.route;

import io.switchboard.mesh.Instance;

/**
 * The default: the highest matching version; on this node if it runs here (a call that stays in the
 * JVM is far cheaper), otherwise round-robin over the nodes that run it.
 */
public final class PreferLocal implements RouteStrategy {

    private final RoundRobin turn = new RoundRobin();

    @Override
    public Instance choose(Matches matches, String key) {
        return turn.pick(matches.localHighest().isEmpty() ? matches.highest() : matches.localHighest());
    }
}
