package io.switchboard.meshedge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.Request;

class EventActionsTest {

    private final CountingMesh mesh = new CountingMesh();
    private final EventActions actions = new EventActions(mesh);
    private final FakeSession session = new FakeSession();

    private JsonNode send(String action, ObjectNode params) throws Exception {
        return actions.handle(session, new Request(IntNode.valueOf(1), action, params)).getValue();
    }

    private String on() throws Exception {
        ObjectNode params = MeshJson.JSON.createObjectNode().put("component", "deviceManager").put("event", "alert");
        return send("event.on", params).get("subscription").asText();
    }

    private boolean off(String id) throws Exception {
        return send("event.off", MeshJson.JSON.createObjectNode().put("subscription", id)).asBoolean();
    }

    @Test
    void subscribingAgainAndAgainDoesNotPileUpCloseHooks() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertEquals(true, off(on()));
        }
        assertEquals(0, mesh.openSubscriptions.get());
        assertEquals(1, session.closeHooks.size(), "one close hook for the session, not one per subscription");
    }

    @Test
    void aSessionHoldsAtMostItsLimitOfEventSubscriptions() throws Exception {
        actions.maxEventSubscriptionsPerSession(2);
        String first = on();
        on();
        SwitchboardException refused = assertThrows(SwitchboardException.class, this::on);
        assertEquals("mesh.too-many-subscriptions", refused.code());
        assertEquals(2, mesh.openSubscriptions.get(), "the refused one never reached the mesh");
        off(first);
        on();
        assertEquals(2, mesh.openSubscriptions.get());
    }

    @Test
    void theSessionsEndClosesWhatIsStillOpen() throws Exception {
        on();
        String ended = on();
        on();
        off(ended);
        session.close(1000, "bye");
        assertEquals(0, mesh.openSubscriptions.get());
        assertEquals(false, off(ended));
    }

    @Test
    void aSubscriptionMadeAsTheSessionEndsIsClosedToo() throws Exception {
        on(); // the close hook is in place
        session.close(1000, "bye");
        on(); // the request was already on its way
        assertEquals(0, mesh.openSubscriptions.get());
    }
}
