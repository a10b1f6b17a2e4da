package io.switchboard.stats.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * At most {@code limit} label combinations per metric name: labels come from what clients and
 * components name (methods, queues, caches), and each combination is a series kept for ever. A
 * meter beyond the limit is refused (it counts nothing), logged once per name.
 */
final class SeriesLimit implements MeterFilter {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesLimit.class);

    private final int limit;
    private final Map<String, AtomicInteger> series = new ConcurrentHashMap<>();
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();

    SeriesLimit(int limit) {
        this.limit = limit;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        AtomicInteger count = series.computeIfAbsent(id.getName(), name -> new AtomicInteger());
        if (count.incrementAndGet() <= limit) {
            return MeterFilterReply.NEUTRAL;
        }
        count.decrementAndGet();
        if (warned.putIfAbsent(id.getName(), Boolean.TRUE) == null) {
            LOG.warn("stats: metric {} reached its limit of {} label combinations (seriesPerMetricLimit); further ones are not counted",
                    id.getName(), limit);
        }
        return MeterFilterReply.DENY;
    }

    /** A meter was removed: its combination no longer counts against the limit. */
    void removed(Meter meter) {
        AtomicInteger count = series.get(meter.getId().getName());
        if (count != null) {
            count.decrementAndGet();
        }
    }
}
