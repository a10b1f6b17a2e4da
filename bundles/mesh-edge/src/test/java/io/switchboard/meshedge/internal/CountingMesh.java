package io.switchboard.meshedge.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.Mesh;

/** A mesh with no components that counts the edge subscriptions still open. */
class CountingMesh implements Mesh {

    final AtomicInteger openSubscriptions = new AtomicInteger();

    @Override
    public List<ComponentDescription> describe() {
        return List.of();
    }

    @Override
    public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
        return Promises.resolved(null);
    }

    @Override
    public Subscription subscribe(Origin origin, String component, String eventPattern, String range,
            Consumer<EventEnvelope> handler) {
        openSubscriptions.incrementAndGet();
        return openSubscriptions::decrementAndGet;
    }

    @Override
    public void add(Instance instance) {
    }

    @Override
    public void remove(Instance instance) {
    }
}
