package io.switchboard.itests.cluster.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;

/**
 * Emits numbered events on demand, for the cluster event tests: a client (over HTTP) asks, and the
 * events go to the subscribers on every node. Built into a bundle by {@link ProbeJar}.
 */
@MeshComponent(name = "probeEmitter")
public final class ProbeEmitter {

    private final Happn happn;

    public ProbeEmitter(Happn happn) {
        this.happn = happn;
    }

    /**
     * Emits {@code count} events named {@code name}, their payloads {@code {"seq": from + i}}, one
     * after the other from this thread.
     *
     * @param local {@code emitLocal}: subscribers on this node only
     * @return how many subscribers acknowledged each event, in order
     */
    public Promise<List<Integer>> emit(String name, int from, int count, boolean local) {
        List<Promise<Integer>> acknowledged = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> payload = Map.of("seq", from + i);
            acknowledged.add(local ? happn.emitLocal(name, payload) : happn.emit(name, payload));
        }
        return Promises.all(acknowledged);
    }
}
