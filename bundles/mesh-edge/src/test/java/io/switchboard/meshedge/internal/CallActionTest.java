package io.switchboard.meshedge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.mesh.CallAnswer;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.Mesh;
import io.switchboard.protocol.Request;
import io.switchboard.session.Answer;

/** {@code call} answers with the method's result and, beside it, the node whose instance answered. */
class CallActionTest {

    @Test
    void theAnswerNamesTheNodeWhoseInstanceAnswered() throws Exception {
        Mesh elsewhere = new AnsweredOnNode2();
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("component", "probeTarget").put("method", "node");
        CallAction action = new CallAction(elsewhere);

        Answer answer = action.answer(new FakeSession(), new Request(new IntNode(1), "call", params)).getValue();
        assertEquals("{\"served\":\"probeTarget.node\"}", answer.result().toString());
        assertEquals(Map.of("node", "node-2"), answer.meta());
        assertEquals(answer.result(), action.handle(new FakeSession(), new Request(new IntNode(2), "call", params)).getValue(),
                "handle is the same answer without its meta");
    }

    /** A call stays on the reading thread of an idle session: handing it to the shared inbound threads cost four times the CPU. */
    @Test
    void aCallRunsWhereItWasReadNotOnTheSharedInboundThreads() {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("component", "probeTarget").put("method", "node");
        assertFalse(new CallAction(new AnsweredOnNode2()).mayBlock(new FakeSession(), new Request(new IntNode(1), "call", params)));
    }

    /**
     * On a reader shared by many connections, a call stays only when the mesh says every instance it
     * may reach returns at once from that method with that many arguments.
     */
    @Test
    void aCallLeavesASharedReaderUnlessTheMeshSaysItsMethodReturnsAtOnce() {
        CallAction action = new CallAction(new AnsweredOnNode2());
        ObjectNode quick = JsonNodeFactory.instance.objectNode().put("component", "probeTarget").put("method", "quick");
        quick.putArray("args").add(1);
        assertFalse(action.mayHoldReader(new FakeSession(), new Request(new IntNode(1), "call", quick)));
        quick.putArray("args");
        assertTrue(action.mayHoldReader(new FakeSession(), new Request(new IntNode(2), "call", quick)), "no arguments: another method");
        quick.remove("args");
        assertTrue(action.mayHoldReader(new FakeSession(), new Request(new IntNode(3), "call", quick)), "no args field: none");
        ObjectNode other = JsonNodeFactory.instance.objectNode().put("component", "probeTarget").put("method", "node");
        assertTrue(action.mayHoldReader(new FakeSession(), new Request(new IntNode(4), "call", other)));
    }

    /** A mesh whose calls another node's instance answers; its method {@code quick(1)} returns at once. */
    private static final class AnsweredOnNode2 implements Mesh {

        @Override
        public boolean mayHoldCaller(String component, String method, int arity) {
            return !(component.equals("probeTarget") && method.equals("quick") && arity == 1);
        }

        @Override
        public Promise<CallAnswer> callAnswered(Origin origin, String component, String method, List<?> args, CallOptions options) {
            return Promises.resolved(new CallAnswer(Map.of("served", component + "." + method), "node-2"));
        }

        @Override
        public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
            throw new AssertionError("the answer with its node is asked for");
        }

        @Override
        public List<ComponentDescription> describe() {
            return List.of();
        }

        @Override
        public Subscription subscribe(Origin origin, String component, String eventPattern, String range,
                Consumer<EventEnvelope> handler) {
            throw new AssertionError("no events here");
        }

        @Override
        public void add(Instance instance) {
        }

        @Override
        public void remove(Instance instance) {
        }
    }
}
