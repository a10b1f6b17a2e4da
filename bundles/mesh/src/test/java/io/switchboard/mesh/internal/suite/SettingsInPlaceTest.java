package io.switchboard.mesh.internal.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.mesh.internal.MeshCore;
import io.switchboard.mesh.internal.MeshSettings;
import io.switchboard.mesh.suite.Echo;
import io.switchboard.mesh.suite.ExchangeBehaviour;

/** New settings reach a running mesh without stopping a component (issue 11 item 14). */
class SettingsInPlaceTest {

    private final LoopbackNodes mesh = new LoopbackNodes(1, MeshSettings.defaults());

    @AfterEach
    void close() {
        mesh.close();
    }

    @Test
    void timeoutsLimitsAndThreadsChangeWhileEveryInstanceKeepsRunning() throws Exception {
        mesh.start(0, Echo.class, "1.0.0");
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0", "sensor ^1.0.0");
        List<Object> heard = new CopyOnWriteArrayList<>();
        caller.event().on("sensor", "alert", event -> heard.add(event.payload()));
        Object before = ExchangeBehaviour.value(caller.exchange().call("echo", "whoAmI", List.of()));

        MeshCore node = mesh.core(0);
        node.apply(node.settings().withCallTimeout(50).withHopLimit(0).withEventThreads(3).withDrainTimeout(1_000).withRebind(0));

        assertEquals(before, ExchangeBehaviour.value(caller.exchange().call("echo", "whoAmI", List.of())), "the same instance answers");
        Promise<Object> slow = caller.exchange().call("echo", "later", List.of("in-place"));
        assertEquals(MeshErrors.TIMEOUT, ((SwitchboardException) slow.getFailure()).code(), "the new call timeout applies");
        assertEquals(true, ExchangeBehaviour.value(caller.exchange().call("echo", "settle", List.of("in-place", "late"))));
        assertEquals(1, ExchangeBehaviour.value(sensor.emit("alert", "after")), "events run on the new pool");
        assertEquals(List.of("after"), heard);
        assertEquals(3, node.settings().eventThreads());
    }

    @Test
    void aNewNodeNameCannotBeAppliedInPlace() {
        MeshCore node = mesh.core(0);
        MeshSettings renamed = new MeshSettings("elsewhere", 1, 1, 1, 1, 1, 2, 0);
        assertFalse(node.appliesInPlace(renamed));
        assertThrows(IllegalArgumentException.class, () -> node.apply(renamed));
        assertTrue(node.appliesInPlace(node.settings().withHopLimit(3)));
    }
}
