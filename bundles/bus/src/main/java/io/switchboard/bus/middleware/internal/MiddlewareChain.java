package io.switchboard.bus.middleware.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.middleware.BusMiddleware;
import io.switchboard.bus.middleware.BusMessage;
import io.switchboard.bus.middleware.Rejection;

/**
 * The ordered chain of {@link BusMiddleware} services (the whiteboard): before storage from the
 * highest ranking down, after delivery from the lowest up. Links of this bundle ({@link BuiltIn})
 * run inline; links of other bundles run on a bounded pool under {@code linkTimeoutMillis}, so one
 * that hangs holds up only its own calls and is reported, never a publish forever.
 */
@Component(service = MiddlewareChain.class, configurationPid = "io.switchboard.bus.middleware", immediate = true)
@Designate(ocd = MiddlewareConfig.class)
public final class MiddlewareChain {

    private static final Logger LOG = LoggerFactory.getLogger(MiddlewareChain.class);
    private static final Comparator<Link> ORDER = Comparator.comparingInt(Link::ranking).reversed().thenComparingLong(Link::serviceId);

    private final MiddlewareConfig config;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor pool;

    /** A link with its place in the chain and what it did, for the report. */
    public static final class Link {
        private final BusMiddleware middleware;
        private final String name;
        private final int ranking;
        private final long serviceId;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong timedOut = new AtomicLong();

        Link(BusMiddleware middleware, String name, int ranking, long serviceId) {
            this.middleware = middleware;
            this.name = name;
            this.ranking = ranking;
            this.serviceId = serviceId;
        }

        public String name() {
            return name;
        }

        public int ranking() {
            return ranking;
        }

        long serviceId() {
            return serviceId;
        }

        public boolean builtIn() {
            return middleware instanceof BuiltIn;
        }

        public long calls() {
            return calls.get();
        }

        public long rejected() {
            return rejected.get();
        }

        public long failed() {
            return failed.get();
        }

        public long timedOut() {
            return timedOut.get();
        }
    }

    @Activate
    public MiddlewareChain(MiddlewareConfig config) {
        this.config = config;
        AtomicInteger count = new AtomicInteger();
        int threads = Math.max(1, config.maxLinkThreads());
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 4), runnable -> {
            Thread thread = new Thread(runnable, "switchboard-bus-middleware-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    @Deactivate
    void deactivate() {
        pool.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addLink(BusMiddleware middleware, Map<String, Object> properties) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        long serviceId = id instanceof Long number ? number : 0;
        Object named = properties.get(BusMiddleware.NAME);
        String name = named instanceof String text && !text.isBlank() ? text : "link-" + serviceId;
        List<Link> updated = new ArrayList<>(links);
        updated.add(new Link(middleware, name, ranking instanceof Integer rank ? rank : 0, serviceId));
        updated.sort(ORDER);
        replace(updated);
        LOG.info("bus: middleware link {} joins the chain (ranking {})", name, ranking instanceof Integer rank ? rank : 0);
    }

    public void removeLink(BusMiddleware middleware, Map<String, Object> properties) {
        List<Link> updated = new ArrayList<>(links);
        if (updated.removeIf(link -> link.middleware == middleware)) {
            replace(updated);
            LOG.info("bus: middleware link {} leaves the chain", properties.getOrDefault(BusMiddleware.NAME, properties.get(Constants.SERVICE_ID)));
        }
    }

    private synchronized void replace(List<Link> updated) {
        links.clear();
        links.addAll(updated);
    }

    /** The links in their order before storage. */
    public List<Link> links() {
        return List.copyOf(links);
    }

    int compressAboveBytes() {
        return config.compressAboveBytes();
    }

    /**
     * The message to store, after every link; a refusal or a failure is a {@link SwitchboardException}
     * and nothing is to be stored.
     *
     * @param maxPayloadBytes the most a link may grow the payload to
     */
    public BusMessage beforeStore(BusMessage message, int maxPayloadBytes) {
        BusMessage current = message;
        for (Link link : links) {
            BusMessage in = current;
            link.calls.incrementAndGet();
            BusMessage out;
            if (link.builtIn()) {
                try {
                    out = link.middleware.beforeStore(in);
                } catch (Rejection e) {
                    link.rejected.incrementAndGet();
                    throw rejected(link, e);
                } catch (SwitchboardException e) {
                    link.rejected.incrementAndGet();
                    throw e;
                }
            } else {
                out = call(link, true, () -> link.middleware.beforeStore(in));
            }
            if (out == null || !out.topic().equals(in.topic())) {
                link.failed.incrementAndGet();
                throw new SwitchboardException(BusErrors.MIDDLEWARE_FAILED, "middleware link '" + link.name + "' returned no message (or moved it to"
                        + " another topic); the message was not stored");
            }
            if (out.payload().length > maxPayloadBytes && !link.builtIn()) {
                link.failed.incrementAndGet();
                throw new SwitchboardException(BusErrors.MIDDLEWARE_FAILED, "middleware link '" + link.name + "' grew the payload over the limit of "
                        + maxPayloadBytes + " bytes; the message was not stored");
            }
            current = out;
        }
        return current;
    }

    /** The message as a consumer gets it, after every link in reverse order; a link that fails is reported and left out. */
    public BusMessage afterDelivery(BusMessage message) {
        BusMessage current = message;
        for (int i = links.size() - 1; i >= 0; i--) {
            Link link;
            try {
                link = links.get(i);
            } catch (IndexOutOfBoundsException e) {
                continue; // a link left meanwhile
            }
            BusMessage in = current;
            link.calls.incrementAndGet();
            try {
                BusMessage out = link.builtIn() ? link.middleware.afterDelivery(in) : call(link, false, () -> link.middleware.afterDelivery(in));
                if (out != null) {
                    current = out;
                }
            } catch (SwitchboardException e) {
                if (link.builtIn()) {
                    throw e;
                }
                LOG.warn("bus: {}; the message is delivered without its change", e.getMessage());
            }
        }
        return current;
    }

    private <T> T call(Link link, boolean publish, Callable<T> call) {
        String what = publish ? "a publish" : "a delivery";
        String outcome = publish ? "; the message was not stored" : "";
        Future<T> future;
        try {
            future = pool.submit(call);
        } catch (RejectedExecutionException e) {
            link.failed.incrementAndGet();
            throw new SwitchboardException(BusErrors.MIDDLEWARE_FAILED, "middleware link '" + link.name + "' is busy: " + config.maxLinkThreads()
                    + " of its calls are still running (maxLinkThreads)");
        }
        try {
            return future.get(config.linkTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            link.timedOut.incrementAndGet();
            LOG.warn("bus: middleware link {} took longer than {} ms on {}; it was interrupted", link.name, config.linkTimeoutMillis(), what);
            throw new SwitchboardException(BusErrors.MIDDLEWARE_TIMEOUT, "middleware link '" + link.name + "' took longer than "
                    + config.linkTimeoutMillis() + " ms (linkTimeoutMillis)" + outcome);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Rejection rejection) {
                link.rejected.incrementAndGet();
                throw rejected(link, rejection);
            }
            link.failed.incrementAndGet();
            LOG.warn("bus: middleware link {} failed on {}: {}", link.name, what, String.valueOf(e.getCause())); // its bundle's bug: one line, no stack
            throw new SwitchboardException(BusErrors.MIDDLEWARE_FAILED, "middleware link '" + link.name + "' failed" + outcome);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new SwitchboardException(BusErrors.MIDDLEWARE_FAILED, "interrupted while middleware link '" + link.name + "' ran");
        }
    }

    private static SwitchboardException rejected(Link link, Rejection rejection) {
        return new SwitchboardException(BusErrors.MIDDLEWARE_REJECTED, "middleware link '" + link.name + "' rejected the message: "
                + BusErrors.shown(String.valueOf(rejection.getMessage())));
    }
}
