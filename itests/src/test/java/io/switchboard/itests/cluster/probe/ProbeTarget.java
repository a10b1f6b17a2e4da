package io.switchboard.itests.cluster.probe;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;

/**
 * A component that says where it runs, for the cluster tests and bench/cluster.sh: deployed on
 * several nodes, a caller learns from each answer which node served it. Built into a bundle by
 * {@link ProbeJar} (only classes of this package, which need the components API and OSGi alone).
 */
@MeshComponent(name = "probeTarget")
public final class ProbeTarget implements AutoCloseable {

    private final Happn happn;
    private final String node;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "probe-target-timer");
        thread.setDaemon(true);
        return thread;
    });

    public ProbeTarget(Happn happn) {
        this.happn = happn;
        Bundle bundle = FrameworkUtil.getBundle(ProbeTarget.class);
        String name = bundle == null ? null : bundle.getBundleContext().getProperty("switchboard.node.name");
        this.node = name == null ? "local" : name;
    }

    /** The node this instance runs on. */
    public String node() {
        return node;
    }

    /** The argument, as it arrived. */
    public Object echo(Object value) {
        return value;
    }

    /** Who started the call chain, as this instance sees it. */
    public String origin() {
        return happn.origin().toString();
    }

    /** Its node, after a while: a call that is in flight when something happens to the node. */
    public Promise<String> slow(long millis) {
        happn.log().log(System.Logger.Level.INFO, "slow call of " + millis + " ms started");
        Deferred<String> answer = new Deferred<>();
        timer.schedule(() -> answer.resolve(node), millis, TimeUnit.MILLISECONDS);
        return answer.getPromise();
    }

    /**
     * Its node, after holding the caller's thread a while: a component whose synchronous method
     * blocks (the edge tests show it holds only its caller's session).
     */
    public String hold(long millis) throws InterruptedException {
        Thread.sleep(millis); // what is under test: a method that blocks the thread calling it
        return node;
    }

    /** Fails with the code asked for. */
    public String fail(String code) {
        throw new SwitchboardException(code, "asked to fail on " + node);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
