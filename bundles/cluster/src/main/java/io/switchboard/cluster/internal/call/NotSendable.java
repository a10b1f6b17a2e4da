package io.switchboard.cluster.internal.call;

/** What should cross between nodes is not data (or not a call); the message says which, in the caller's terms. */
public final class NotSendable extends Exception {

    private static final long serialVersionUID = 1L;

    public NotSendable(String message) {
        super(message, null, false, false);
    }
}
