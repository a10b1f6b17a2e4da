package io.switchboard.data.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock for tests: time passes only when the test says so, or by a fixed step each time it is read. */
public final class HandClock extends Clock {

    private long millis;
    /** How much time passes each time the clock is read; 0 stands it still. */
    private volatile long stepPerRead;

    public HandClock stepPerRead(long step) {
        this.stepPerRead = step;
        return this;
    }

    @Override
    public synchronized long millis() {
        return millis += stepPerRead;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
