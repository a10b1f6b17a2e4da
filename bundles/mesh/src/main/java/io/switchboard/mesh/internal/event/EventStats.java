package io.switchboard.mesh.internal.event;

import java.util.concurrent.atomic.LongAdder;

/** What event delivery counted, for stats and tests. */
public final class EventStats {

    final LongAdder emitted = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder handlerFailures = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder hopLimitDrops = new LongAdder();
    final LongAdder overdueHandlers = new LongAdder();

    /** Counts a handler that ran past the acknowledgement timeout. */
    public void overdue() {
        overdueHandlers.increment();
    }

    public long emitted() {
        return emitted.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    public long handlerFailures() {
        return handlerFailures.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long lost() {
        return lost.sum();
    }

    public long hopLimitDrops() {
        return hopLimitDrops.sum();
    }

    public long overdueHandlers() {
        return overdueHandlers.sum();
    }
}
