package io.switchboard.meshedge.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.mesh.Mesh;
import io.switchboard.protocol.Request;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Answer;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/**
 * {@code call}: a component's method for a client, routed by the mesh among this node's instances,
 * with the session's user as the chain's origin. The answer is the method's result as JSON, with the
 * node whose instance answered in its {@code meta}; a failure keeps the mesh's code
 * ({@code mesh.no-matching-version}, {@code mesh.timeout}, …).
 */
@Component(property = ActionHandler.ACTION + "=call")
public final class CallAction implements ActionHandler {

    /** The answer's {@code meta} field naming the node whose instance answered. */
    static final String NODE = "node";

    private final Mesh mesh;

    @Activate
    public CallAction(@Reference Mesh mesh) {
        this.mesh = mesh;
    }

    /** {@code call} on {@code /_exchange/<component>/<method>}. */
    @Override
    public Access access(Session session, Request request) {
        return Access.call(MeshJson.requiredText(request.params(), "component"), MeshJson.requiredText(request.params(), "method"));
    }

    /**
     * A call runs on the thread that read it while the session is idle, as before the session had
     * the rule: the call is routed and answered by a promise, and a component's synchronous method
     * that blocks holds only this session's reader (one of the transport's many threads), where the
     * {@code inbound} queue's two threads would make every session's blocking requests wait behind
     * it. Handing calls to those threads cost a pipelined call four times the server's CPU (4.3-5.0
     * against 17-21 µs) and half the calls per second (bench/README-edge.md, "One lane kind").
     */
    @Override
    public boolean mayBlock(Session session, Request request) {
        return false;
    }

    /**
     * But a component's method may hold its thread: on a transport that reads every connection on
     * one thread (the WebSocket transport, on Jetty's selector), the call moves to one of the
     * transport's own threads, so that a slow component holds only its caller's session; unless
     * every instance the call may reach says the method returns without waiting
     * ({@link io.switchboard.api.mesh.NonBlocking}): then it runs where it was read, without that
     * hand-off (a fifth of a call's server CPU, bench/README-edge.md).
     */
    @Override
    public boolean mayHoldReader(Session session, Request request) {
        ObjectNode params = request.params();
        JsonNode args = params.get("args");
        int arity = args == null || !args.isArray() ? 0 : args.size(); // not an array: refused when the call runs
        return mesh.mayHoldCaller(MeshJson.requiredText(params, "component"), MeshJson.requiredText(params, "method"), arity);
    }

    @Override
    public Promise<JsonNode> handle(Session session, Request request) {
        return answer(session, request).map(Answer::result);
    }

    /** The result, and beside it ({@code meta.node}) the node whose instance answered, as HTTP's {@code Switchboard-Node}. */
    @Override
    public Promise<Answer> answer(Session session, Request request) {
        ObjectNode params = request.params();
        String component = MeshJson.requiredText(params, "component");
        String method = MeshJson.requiredText(params, "method");
        return mesh.callAnswered(Origins.of(session), component, method, MeshJson.arguments(params.get("args")),
                MeshJson.callOptions(params.get("options")))
                .map(answered -> Answer.of(MeshJson.tree(answered.result()), NODE, answered.node()));
    }
}
