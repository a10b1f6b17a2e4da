package io.switchboard.mesh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.registry.NamedLocalInstance;

/** A call that came from another node runs on the exact local instance it names, with the caller's hop count and lenience. */
class ExactInvokeTest {

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());

    private final MeshCore core = new MeshCore(MeshSettings.defaults().withRebind(0).withNode("alpha"));
    private final List<String> invoked = new ArrayList<>();

    {
        core.originPermissions(() -> (origin, action, path) -> true);
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void theExactVersionRunsWithTheCallersHopsAndLenience() throws Exception {
        core.add(instance("1.0.0"));
        core.add(instance("1.1.0"));
        Promise<Object> answer = core.invoke("deviceManager", "1.0.0", "version", List.of(), Origin.user("ann", null), 4,
                CallOptions.defaults().lenient());
        assertEquals("1.0.0", answer.getValue(), "not the highest version: the one named");
        assertEquals(List.of("1.0.0 version hops 4 lenient"), invoked);
    }

    @Test
    void aVersionThatDoesNotRunHereIsGoneSoTheCallerRoutesElsewhere() throws Exception {
        core.add(instance("1.0.0"));
        Promise<Object> answer = core.invoke("deviceManager", "2.0.0", "version", List.of(), Origin.system(), 0, CallOptions.defaults());
        SwitchboardException failure = assertInstanceOf(SwitchboardException.class, answer.getFailure());
        assertEquals(Instance.GONE, failure.code());
        assertEquals("deviceManager@2.0.0 does not run on node alpha any more", failure.getMessage());
        assertEquals("alpha", core.node());
    }

    @Test
    void aClientsChainIsRefusedWhileNoOneSaysWhatItMayDo() throws Exception {
        core.originPermissions(() -> null);
        core.add(instance("1.0.0"));
        Promise<Object> answer = core.invoke("deviceManager", "1.0.0", "version", List.of(), Origin.user("ann", null), 0,
                CallOptions.defaults());
        assertEquals(MeshCore.SECURITY_UNAVAILABLE, assertInstanceOf(SwitchboardException.class, answer.getFailure()).code());
        assertEquals(List.of(), invoked);
    }

    private NamedLocalInstance instance(String version) {
        return new NamedLocalInstance("alpha/deviceManager@" + version + "#1", "deviceManager", version, "alpha") {
            @Override
            public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
                throw new AssertionError("the caller's options are passed on");
            }

            @Override
            public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops, CallOptions options) {
                invoked.add(version + " " + method + " hops " + hops + (options.isLenient() ? " lenient" : ""));
                return PROMISES.resolved(version);
            }

            @Override
            public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
                acknowledgement.failed(new SwitchboardException(GONE, "no events"));
            }
        };
    }
}
