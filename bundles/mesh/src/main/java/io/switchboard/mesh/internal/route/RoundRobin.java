package io.switchboard.mesh.internal.route;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.switchboard.mesh.Instance;

/** Every matching instance in turn, whatever its version or node. */
public final class RoundRobin implements RouteStrategy {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Instance choose(Matches matches, String key) {
        return pick(matches.all());
    }

    Instance pick(List<Instance> among) {
        int size = among.size();
        return size == 1 ? among.get(0) : among.get(Math.floorMod(next.getAndIncrement(), size));
    }
}
