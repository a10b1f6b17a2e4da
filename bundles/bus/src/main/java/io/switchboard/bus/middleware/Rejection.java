package io.switchboard.bus.middleware;

/** Thrown by a link to refuse a publish; the reason is shown to the producer, so it is written in the producer's terms. */
public final class Rejection extends Exception {

    private static final long serialVersionUID = 1L;

    public Rejection(String reason) {
        super(reason);
    }
}
