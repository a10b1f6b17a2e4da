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
import io.switchboard.queue.Lane;
import io.switchboard.queue.Lanes;
import io.switchboard.queue.OverflowPolicy;
import io.switchboard.queue.QueueFullException;
import io.switchboard.queue.QueueService;

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
 * reach each recipient in the order they were made. The lanes are the queue bundle's serial lanes on
 * the {@code publication} queue (its threads, capacity and overflow numbers), direct: a lane that is
 * idle fans out on the writer's own thread, with no hand-off. A publication that finds its lane full
 * is not made: a QUEUED or DEFERRED write is acknowledged and its results report the failure; a
 * TRANSACTIONAL or ACKNOWLEDGED write fails with {@code queue.full}, since its recipients were not handed the event.
 * A {@link io.switchboard.publisher.RemoteRecipient} (another node's recipients) is awaited at TRANSACTIONAL too:
 * the write is acknowledged once that node has handed the event on.
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

        @AttributeDefinition(description = "Number of lanes publishers are spread over (each publisher always gets the same one); "
                + "their threads, capacity and overflow are the publication queue's (io.switchboard.queue)")
        int lanes() default 64;
    }

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());
    private static final Promise<Void> DONE = PROMISES.resolved(null);

    private final List<RecipientSource> sources = new CopyOnWriteArrayList<>();
    /** The threads of a publisher made without the queue service (tests, benchmarks); null in the runtime. */
    private final ExecutorService ownPool;
    private final ScheduledExecutorService scheduler;
    private final Lane[] lanes;
    private final long ackTimeoutMillis;

    @Activate
    public PublisherImpl(Config config, @Reference QueueService queues) {
        this(config.ackTimeoutMillis(), null, lanes(config.lanes(), index -> queues.queue(QueueService.PUBLICATION).lane(true, null)));
    }

    /** A publisher with threads and lanes of its own, for use without OSGi. */
    public PublisherImpl(long ackTimeoutMillis, int threads, int laneCount) {
        this(ackTimeoutMillis, Executors.newFixedThreadPool(Math.max(1, threads), named("switchboard-publisher")), laneCount);
    }

    private PublisherImpl(long ackTimeoutMillis, ExecutorService pool, int laneCount) {
        this(ackTimeoutMillis, pool, lanes(laneCount, index -> Lanes.direct("publisher", pool, OWN_LANE_CAPACITY, OverflowPolicy.REJECT)));
    }

    private PublisherImpl(long ackTimeoutMillis, ExecutorService ownPool, Lane[] lanes) {
        this.ackTimeoutMillis = ackTimeoutMillis;
        this.ownPool = ownPool;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("switchboard-publisher-acks"));
        this.lanes = lanes;
    }

    /** How many fan-outs one lane of a publisher without the queue service holds (the publication queue's default). */
    private static final int OWN_LANE_CAPACITY = 50_000;

    private static Lane[] lanes(int count, java.util.function.IntFunction<Lane> lane) {
        Lane[] made = new Lane[Math.max(1, count)];
        for (int i = 0; i < made.length; i++) {
            made[i] = lane.apply(i);
        }
        return made;
    }

    @Deactivate
    public void close() {
        scheduler.shutdownNow();
        if (ownPool != null) {
            ownPool.shutdown();
            try {
                ownPool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
        Deferred<PublishResults> results = PROMISES.deferred();
        if (!lane.offer(() -> results.resolveWith(FanOut.run(event, sources, this::remoteTracker, false)), false)) {
            return new Publishing(DONE, PROMISES.failed(full(lane))); // the write stands; its publication was not made
        }
        return new Publishing(DONE, results.getPromise());
    }

    /** Fans out on the writer's thread when the lane is idle (the usual case), else waits for the lane. */
    private Publishing handed(DataEvent event, Lane lane) {
        FanOutTask task = new FanOutTask(event);
        boolean taken = lane.offer(task, true);
        task.offering = false;
        if (!taken) {
            Promise<PublishResults> refused = PROMISES.failed(full(lane));
            return new Publishing(refused.map(r -> null), refused);
        }
        Promise<PublishResults> inline = task.inline;
        if (inline != null) {
            // only another node's report can leave the results open: the write then waits for it
            return new Publishing(inline.isDone() ? DONE : inline.map(r -> null), inline);
        }
        Promise<PublishResults> results = task.results();
        return new Publishing(results.map(r -> null), results);
    }

    /**
     * One fan-out, which says whether it ran on the thread that offered it, inside the offer, or
     * resolves its promise later. That promise is made only when it is needed: the usual fan-out
     * runs inside the offer, and a promise per publication was a fair part of its allocation.
     */
    private final class FanOutTask implements Runnable {
        private final DataEvent event;
        private final Thread offeredOn = Thread.currentThread();
        /** True while the offering thread is in the lane's offer; only that thread's own reads of it matter. */
        boolean offering = true;
        private Promise<PublishResults> inline;
        private Deferred<PublishResults> later; // guarded by this

        FanOutTask(DataEvent event) {
            this.event = event;
        }

        @Override
        public void run() {
            Promise<PublishResults> results = FanOut.run(event, sources, PublisherImpl.this::remoteTracker, false);
            if (offering && Thread.currentThread() == offeredOn) {
                inline = results; // ran inside offer: the same thread reads it right after
                return;
            }
            later().resolveWith(results);
        }

        private synchronized Deferred<PublishResults> later() {
            if (later == null) {
                later = PROMISES.deferred();
            }
            return later;
        }

        Promise<PublishResults> results() {
            return later().getPromise();
        }
    }

    private Publishing acknowledged(DataEvent event, Lane lane) {
        AckTracker tracker = new AckTracker(PROMISES.deferred(), scheduler, ackTimeoutMillis, true);
        if (!lane.offer(() -> FanOut.runTracked(event, sources, tracker, false), true)) {
            Promise<PublishResults> refused = PROMISES.failed(full(lane));
            return new Publishing(refused.map(r -> null), refused);
        }
        Promise<PublishResults> results = tracker.results();
        return new Publishing(results.map(r -> null), results);
    }

    private static QueueFullException full(Lane lane) {
        return new QueueFullException(lane.stats().name(), lane.stats().capacity());
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
