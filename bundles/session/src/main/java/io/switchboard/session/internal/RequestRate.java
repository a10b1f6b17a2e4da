package io.switchboard.session.internal;

import java.time.Duration;

import io.github.bucket4j.Bucket;

/**
 * One session's request rate: a token bucket (Bucket4j) refilled at the average rate, as deep as
 * the burst. A client that keeps sending after being refused for a whole second's worth of
 * requests is flooding, and is disconnected rather than answered.
 */
final class RequestRate {

    enum Verdict { ADMIT, REFUSE, DISCONNECT }

    private final Bucket bucket;
    private final int disconnectAfter;
    private int refusedInARow; // only the transport's reading thread touches it

    RequestRate(int perSecond, int burst) {
        this.bucket = perSecond <= 0 ? null
                : Bucket.builder().addLimit(limit -> limit.capacity(Math.max(burst, 1)).refillGreedy(perSecond, Duration.ofSeconds(1))).build();
        this.disconnectAfter = Math.max(perSecond, 1);
    }

    Verdict admit() {
        if (bucket == null || bucket.tryConsume(1)) {
            refusedInARow = 0;
            return Verdict.ADMIT;
        }
        return ++refusedInARow > disconnectAfter ? Verdict.DISCONNECT : Verdict.REFUSE;
    }
}
