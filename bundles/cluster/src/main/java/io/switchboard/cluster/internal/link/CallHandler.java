package io.switchboard.cluster.internal.link;

/**
 * Serves the calls that arrive on inbound links. Runs on the thread that read the call, which reads
 * the link's next frames once the handler returns, or hands that on when the handler takes long
 * ({@link TurnKeeper}): a handler may block, at the cost of a little latency for the frames behind.
 */
public interface CallHandler {

    /**
     * Handles one call. Exactly one {@link Responder#answer} must follow, now or later; call
     * {@link Responder#ack} first when the answer will come later.
     */
    void handle(String fromNode, byte[] payload, Responder responder);

    /**
     * Handles one event frame ({@link Frames#EVENT}). Runs on the link's reader, in the order the
     * frames arrived, before the next frames are read: it must only hand the event on, never wait.
     * Exactly one {@link Responder#answer} must follow, as for a call.
     */
    default void event(String fromNode, byte[] payload, Responder responder) {
        responder.answer(Frames.NOT_STARTED, null);
    }

    /** How a handler answers one call. */
    interface Responder {

        /** The call was taken and runs (sent only when the answer is not ready at once). */
        void ack();

        /** The answer: {@link Frames#RESULT}, {@link Frames#FAILURE} or {@link Frames#NOT_STARTED}. */
        void answer(byte type, byte[] payload);
    }
}
