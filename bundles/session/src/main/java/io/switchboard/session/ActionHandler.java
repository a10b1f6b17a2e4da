package io.switchboard.session;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.protocol.Request;
import io.switchboard.system.access.Access;
import io.switchboard.system.promise.Settled;

/**
 * Acts on requests of one or more actions. Register as an OSGi service with the property
 * {@link #ACTION} naming the actions (a string or several). A failed promise (or a thrown
 * exception) becomes an error answer: a {@link io.switchboard.api.errors.SwitchboardException}'s
 * code and message are sent as they are; anything else is sent as {@code session.internal-error}.
 *
 * <p>Every request is authorised before it reaches {@link #handle}: the handler declares what the
 * request needs ({@link #access}), and the session's {@link Authorizer} decides. A handler that
 * declares nothing ({@code null}) is never called.
 */
@ConsumerType
public interface ActionHandler {

    String ACTION = "action";

    /**
     * What this request needs before it may run, for example {@code Access.permission("get", path)}
     * with the path exactly as {@link #handle} will use it.
     *
     * @throws io.switchboard.api.errors.SwitchboardException the request's own field error (a missing
     *         or mistyped field), which the client gets before any security refusal
     * @since 2.0
     */
    Access access(Session session, Request request);

    Promise<JsonNode> handle(Session session, Request request);

    /**
     * The answer with facts about it beside the result, which the client gets as the answer frame's
     * {@code meta} (for a component's call: the node whose instance answered). The session calls
     * this; a handler with nothing to add keeps the default, its {@link #handle} result alone.
     *
     * @since 2.2
     */
    default Promise<Answer> answer(Session session, Request request) {
        return Settled.map(handle(session, request), Answer::of); // a resolved result maps at once
    }

    /**
     * Whether handling this request may block the thread it runs on: wait for a disk, a lock,
     * another node or a component's code. A request whose handler answers false runs on the thread
     * that read it from the connection when its session has nothing queued (no hand-off between
     * threads); any other request, and any request behind a busy session's queued ones, waits for
     * the inbound queue's threads, so that a slow handler never holds the transport's reader.
     * Called on the reading thread before the layers and the authorizer see the request: it must be
     * cheap and must not block. The default, true, is the safe answer for a handler that does not know.
     *
     * @since 2.4
     */
    default boolean mayBlock(Session session, Request request) {
        return true;
    }

    /**
     * Whether a request that {@link #mayBlock} lets run on the reading thread may still hold that
     * thread for a while: a component's own method, called in the caller's thread, or a read of a
     * store in another process. It runs on the thread that read it when that thread reads this
     * session alone; when the transport reads many connections on one thread (Jetty's selector), it
     * runs on a thread of the transport's that may wait, and the session's next frame is read after
     * it ({@link Connection#handOff}). Asked only when {@code mayBlock} is false, on the reading
     * thread: it must be cheap. The default, false: the handler's work never waits.
     *
     * @since 2.5
     */
    default boolean mayHoldReader(Session session, Request request) {
        return false;
    }
}
