package io.switchboard.publisher.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.data.Consistency;
import io.switchboard.data.DataEvent;
import io.switchboard.data.PublishResults;
import io.switchboard.data.spi.EventPublisher;
import io.switchboard.publisher.LocalDelivery;
import io.switchboard.publisher.RecipientSource;

/**
 * Publishes data events at their consistency level:
 * <ul>
 * <li>QUEUED: the write is acknowledged once the publication is in its publisher's lane; a pool
 * thread fans it out later; results come when that is done.</li>
 * <li>DEFERRED: the write is acknowledged at once; fan-out as for QUEUED; results come later.</li>
 * <li>TRANSACTIONAL: the write is acknowledged after every recipient was handed the event (usually
 * on the writer's own thread).</li>
 * <li>ACKNOWLEDGED: as TRANSACTIONAL, then the write waits until every recipient acknowledged, failed,
 * or the ack timeout passed.</li>
 * </ul>
 * Each publisher (the event's origin, else its session, else the writing thread) always uses the same lane, so its events
 * reach each recipient in the order they were made. A {@link io.switchboard.publisher.RemoteRecipient} (another node's
 * recipients) is awaited at TRANSACTIONAL too: the write is acknowledged once that node has handed the event on.
 *
 * <p>Events another node published come in through {@link LocalDelivery}: fanned out to this node's recipients
 * on the caller's thread, which keeps their order.
 */
@Component(service = {EventPublisher.class, LocalDelivery.class}, configurationPid = PublisherImpl.PID)
@Designate(ocd = PublisherImpl.Config.class)
public final class PublisherImpl implements EventPublisher, LocalDelivery {

    public static final String PID = "io.switchboard.publisher";

    @ObjectClassDefinition(name = "Switchboard publisher")
    public @interface Config {
        @AttributeDefinition(description = "How long an ACKNOWLEDGED publication waits for each recipient, in milliseconds")
        long ackTimeoutMillis() default 60_000;

        @AttributeDefinition(description = "Threads that fan out QUEUED and DEFERRED publications")
        int threads() default 2;

        @AttributeDefinition(description = "Number of lanes publishers are spread over (each publisher always gets the same one)")
        int lanes() default 64;
    }

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());
    private static final Promise<Void> DONE = PROMISES.resolved(null);

    private final List<RecipientSource> sources = new CopyOnWriteArrayList<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private final Lane[] lanes;
    private final long ackTimeoutMillis;

    @Activate
    public PublisherImpl(Config config) {
        this(config.ackTimeoutMillis(), config.threads(), config.lanes());
    }

    public PublisherImpl(long ackTimeoutMillis, int threads, int laneCount) {
        this.ackTimeoutMillis = ackTimeoutMillis;
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), named("switchboard-publisher"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("switchboard-publisher-acks"));
        this.lanes = new Lane[Math.max(1, laneCount)];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(pool);
        }
    }

    @Deactivate
    public void close() {
        pool.shutdown();
        scheduler.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addSource(RecipientSource source) {
        sources.add(source);
    }

    public void removeSource(RecipientSource source) {
        sources.remove(source);
    }

    @Override
    public Publishing publish(DataEvent event) {
        Lane lane = laneOf(event);
        return switch (event.consistency()) {
            case QUEUED, DEFERRED -> later(event, lane);
            case TRANSACTIONAL -> handed(event, lane);
            case ACKNOWLEDGED -> acknowledged(event, lane);
        };
    }

    private Publishing later(DataEvent event, Lane lane) {
        return new Publishing(DONE, queued(event, lane));
    }

    private Publishing handed(DataEvent event, Lane lane) {
        @SuppressWarnings("unchecked")
        Promise<PublishResults>[] inline = new Promise[1];
        if (lane.tryInline(() -> inline[0] = FanOut.run(event, sources, this::remoteTracker, false))) {
            Promise<PublishResults> results = inline[0];
            // only another node's report can leave the results open: the write then waits for it
            return new Publishing(results.isDone() ? DONE : results.map(r -> null), results);
        }
        Promise<PublishResults> results = queued(event, lane);
        return new Publishing(results.map(r -> null), results);
    }

    /** Queues the fan-out in the lane; the promise resolves once a pool thread has run it (and other nodes reported). */
    private Promise<PublishResults> queued(DataEvent event, Lane lane) {
        Deferred<PublishResults> results = PROMISES.deferred();
        lane.submit(() -> results.resolveWith(FanOut.run(event, sources, this::remoteTracker, false)));
        return results.getPromise();
    }

    private Publishing acknowledged(DataEvent event, Lane lane) {
        AckTracker tracker = new AckTracker(PROMISES.deferred(), scheduler, ackTimeoutMillis, true);
        Runnable fanOut = () -> FanOut.runTracked(event, sources, tracker, false);
        if (!lane.tryInline(fanOut)) {
            lane.submit(fanOut);
        }
        Promise<PublishResults> results = tracker.results();
        return new Publishing(results.map(r -> null), results);
    }

    /** For a publication below ACKNOWLEDGED that met another node's recipients: awaits their reports only. */
    private AckTracker remoteTracker() {
        return new AckTracker(PROMISES.deferred(), scheduler, ackTimeoutMillis, false);
    }

    @Override
    public Promise<PublishResults> deliver(DataEvent event) {
        if (event.consistency() != Consistency.ACKNOWLEDGED) {
            return FanOut.run(event, sources, this::remoteTracker, true);
        }
        AckTracker tracker = new AckTracker(PROMISES.deferred(), scheduler, ackTimeoutMillis, true);
        FanOut.runTracked(event, sources, tracker, true);
        return tracker.results();
    }

    private Lane laneOf(DataEvent event) {
        // a writer with no identity is ordered per thread, the only order it can observe
        String publisher = event.modifiedBy() != null ? event.modifiedBy() : event.session();
        int hash = publisher == null ? Long.hashCode(Thread.currentThread().getId()) : publisher.hashCode();
        return lanes[Math.floorMod(hash ^ (hash >>> 16), lanes.length)];
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
