package io.switchboard.bus.internal.hook;

import java.util.concurrent.CompletionStage;

import io.switchboard.bus.Delivery;

/** Where a pump sends what it leases: a callback's POST, or a routing rule's derived topic. */
public interface Sink {

    /** Sends one message; the stage completes (never exceptionally) with how it went. */
    CompletionStage<Outcome> send(Delivery delivery);

    /**
     * How one attempt went.
     *
     * @param delivered whether it was taken (a 2xx): the message is acked
     * @param status    the HTTP status, or 0 when there was none (unreachable, timed out)
     * @param error     what went wrong, in the client's terms; null when delivered
     * @param gone      the callback said the subscription is gone (WebSub's 410): the subscription ends
     */
    record Outcome(boolean delivered, int status, String error, boolean gone) {

        public static Outcome ok(int status) {
            return new Outcome(true, status, null, false);
        }

        public static Outcome failed(int status, String error) {
            return new Outcome(false, status, error, false);
        }
    }
}
