package io.switchboard.data.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.Consistency;
import io.switchboard.data.DataErrors;
import io.switchboard.data.DataEvent;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.PublishResults;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.WriteResult;
import io.switchboard.data.internal.query.CompiledQuery;
import io.switchboard.data.internal.query.CriteriaCompiler;
import io.switchboard.data.internal.query.Deadline;
import io.switchboard.data.internal.query.FieldRef;
import io.switchboard.data.path.PathPattern;
import io.switchboard.data.path.Paths;
import io.switchboard.data.spi.Criteria;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.DurableRemoval;
import io.switchboard.data.spi.EventPublisher;
import io.switchboard.data.spi.EventPublisher.Publishing;
import io.switchboard.data.spi.Removal;
import io.switchboard.data.spi.Selection;
import io.switchboard.data.spi.StoredChange;
import io.switchboard.data.spi.StoredItem;
import io.switchboard.system.json.JsonLimits;

/**
 * The data service: validates every input, routes it to a storage provider, and hands the change
 * to the publisher.
 *
 * <p>Work runs on the caller's thread and the returned promise is usually already resolved; the
 * promise is still the contract, because a provider may block and the publisher may complete later
 * (ACKNOWLEDGED). Promise callbacks run inline, on the thread that resolves the promise.
 */
@Component(service = DataService.class, configurationPid = DataServiceImpl.PID)
@Designate(ocd = DataServiceImpl.Config.class)
public final class DataServiceImpl implements DataService {

    public static final String PID = "io.switchboard.data";

    @ObjectClassDefinition(name = "Switchboard data service")
    public @interface Config {
        @AttributeDefinition(description = "Largest document accepted, in bytes of JSON (approximately)")
        long maxDocumentSize() default 1024 * 1024;

        @AttributeDefinition(description = "Longest a get, count or criteria remove may run before it is stopped "
                + "with data.query-timeout, in milliseconds (at least 1)")
        long queryTimeoutMillis() default DEFAULT_QUERY_TIMEOUT_MILLIS;
    }

    public static final long DEFAULT_QUERY_TIMEOUT_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(DataServiceImpl.class);

    private static final Set<String> RESERVED_META = Set.of("path", "action", "created", "modified", "modifiedBy",
            "version", "consistency", "initial", "session", "type", "published", "status", "eventId", "sessionId");
    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());
    private static final Promise<PublishResults> NOTHING_PUBLISHED = PROMISES.resolved(PublishResults.NONE);
    private static final Promise<Void> DURABLE_NOW = PROMISES.resolved(null);

    private final ProviderRouter router = new ProviderRouter();
    private final VersionClock clock = new VersionClock();
    private final EventPublisher publisher;
    private final long maxDocumentSize;
    private final long queryTimeoutMillis;
    /** Providers' names ({@link DataProvider#NAME}), for the stats' provider label. */
    private final Map<DataProvider, String> providerNames = new java.util.concurrent.ConcurrentHashMap<>();
    /** Null while no stats service is bound: see {@link DataMeters} for why not a no-op object. */
    private volatile DataMeters meters;
    /** Wall time for query deadlines; a test gives its own instead of sleeping. */
    private final Clock time;

    @Activate
    public DataServiceImpl(Config config, @Reference EventPublisher publisher) {
        this(config.maxDocumentSize(), config.queryTimeoutMillis(), publisher, Clock.systemUTC());
    }

    public DataServiceImpl(long maxDocumentSize, EventPublisher publisher) {
        this(maxDocumentSize, DEFAULT_QUERY_TIMEOUT_MILLIS, publisher, Clock.systemUTC());
    }

    public DataServiceImpl(long maxDocumentSize, long queryTimeoutMillis, EventPublisher publisher, Clock time) {
        this.maxDocumentSize = maxDocumentSize;
        this.queryTimeoutMillis = Math.max(1, queryTimeoutMillis);
        this.publisher = publisher;
        this.time = time;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addProvider(DataProvider provider, Map<String, Object> properties) {
        Object name = properties.get(DataProvider.NAME);
        providerNames.put(provider, name == null ? "unnamed" : String.valueOf(name));
        router.add(provider, patterns(properties.get(DataProvider.PATTERNS)), ranking(properties.get("service.ranking")));
    }

    public void removeProvider(DataProvider provider) {
        router.remove(provider);
        providerNames.remove(provider);
        DataMeters current = meters;
        if (current != null) {
            current.forget(provider);
        }
    }

    @Override
    public Promise<WriteResult> set(String path, JsonNode value, WriteOptions options) {
        WriteOptions opts = options(options);
        return timed(opts.noStore() ? DataMeters.PUBLISH : DataMeters.SET, path, owner -> write(() -> {
            Paths.requireWritable(path);
            if (opts.merge() && opts.noStore()) {
                throw invalidOption("merge and noStore cannot be combined: there is nothing stored to merge into");
            }
            rejectCriteria(opts, "set");
            checkMetaDepth(opts);
            ObjectNode document = Values.document(value, maxDocumentSize);
            if (opts.noStore()) {
                long now = clock.millis();
                return publish(new StoredItem(path, document, now, now, opts.origin(), clock.next()), opts, false);
            }
            return store(required(owner, path), path, new Replacement(path, document, opts), opts);
        }));
    }

    /** What {@code set} stores: the new document, or the stored one merged with it. */
    private final class Replacement implements DocumentChange {
        private final String path;
        private final ObjectNode document;
        private final WriteOptions opts;

        Replacement(String path, ObjectNode document, WriteOptions opts) {
            this.path = path;
            this.document = document;
            this.opts = opts;
        }

        @Override
        public StoredItem apply(StoredItem current) {
            ObjectNode data = document;
            if (opts.merge() && current != null) {
                data = Values.merge(current.data(), document);
                Values.checkSize(data, maxDocumentSize);
            }
            return written(path, data, current, opts);
        }

        @Override
        public boolean readsMetaOnly() {
            return !opts.merge();
        }
    }

    @Override
    public Promise<WriteResult> publish(String path, JsonNode value, WriteOptions options) {
        WriteOptions opts = options(options);
        if (opts.merge()) {
            return PROMISES.failed(invalidOption("publish does not store, so it cannot merge"));
        }
        return set(path, value, opts.withNoStore(true));
    }

    @Override
    public Promise<WriteResult> increment(String path, String field, double by, WriteOptions options) {
        WriteOptions opts = options(options);
        return timed(DataMeters.INCREMENT, path, owner -> write(() -> {
            Paths.requireWritable(path);
            FieldRef ref = FieldRef.parse(field, DataErrors.INVALID_OPTION);
            if (ref.isMeta()) {
                throw invalidOption("cannot increment the meta field '" + field + "'");
            }
            if (Double.isNaN(by) || Double.isInfinite(by)) {
                throw invalidOption("increment by " + by + " is not a number");
            }
            if (opts.merge() || opts.noStore()) {
                throw invalidOption("increment takes neither merge nor noStore");
            }
            rejectCriteria(opts, "increment");
            checkMetaDepth(opts);
            String[] fieldPath = ref.dataPath();
            if (fieldPath.length > JsonLimits.maxDepth()) {
                // each segment is one more level of objects in the document
                throw tooDeep("the field '" + abbreviated(field) + "' has " + fieldPath.length + " segments; the document would nest deeper than "
                        + JsonLimits.maxDepth() + " levels");
            }
            return store(required(owner, path), path, current -> {
                ObjectNode data = Values.increment(current == null ? JsonNodeFactory.instance.objectNode() : current.data(), fieldPath, by);
                Values.checkSize(data, maxDocumentSize);
                return written(path, data, current, opts);
            }, opts);
        }));
    }

    @Override
    public Promise<Optional<Item>> get(String path) {
        return timed(DataMeters.GET, path, owner -> read(() -> {
            Paths.requireWritable(path);
            return Optional.ofNullable(required(owner, path).get(path));
        }));
    }

    @Override
    public boolean readMayWait(String pathOrPattern) {
        return router.readMayWait(pathOrPattern);
    }

    @Override
    public Promise<List<Item>> find(String pattern, Query query) {
        return timed(DataMeters.FIND, pattern, owner -> read(() -> {
            PathPattern compiled = PathPattern.compile(pattern);
            CompiledQuery q = CompiledQuery.compile(query, deadline());
            List<StoredItem> matches = new ArrayList<>();
            for (DataProvider provider : providersFor(compiled, owner)) {
                provider.scan(selection(provider, compiled, q.criteria()), matches::add);
            }
            return q.finish(matches);
        }));
    }

    @Override
    public Promise<Long> count(String pattern, ObjectNode criteria) {
        return timed(DataMeters.COUNT, pattern, owner -> read(() -> {
            PathPattern compiled = PathPattern.compile(pattern);
            Criteria filter = CriteriaCompiler.compile(criteria, deadline());
            long total = 0;
            for (DataProvider provider : providersFor(compiled, owner)) {
                total += provider.count(selection(provider, compiled, filter));
            }
            return total;
        }));
    }

    @Override
    public Promise<WriteResult> remove(String pathOrPattern, WriteOptions options) {
        WriteOptions opts = options(options);
        return timed(DataMeters.REMOVE, pathOrPattern, owner -> write(() -> {
            PathPattern compiled = PathPattern.compile(pathOrPattern);
            if (opts.merge() || opts.noStore()) {
                throw invalidOption("remove takes neither merge nor noStore");
            }
            checkMetaDepth(opts);
            Criteria filter = CriteriaCompiler.compile(opts.criteria());
            Iterable<DataProvider> providers = providersFor(compiled, owner);
            Set<String> found = filter.source() == null ? null : findForRemoval(providers, compiled, opts.criteria());
            List<String> removed = new ArrayList<>();
            long version = Removal.UNVERSIONED;
            boolean durable = durable(opts);
            Promise<Void> durability = DURABLE_NOW;
            for (DataProvider provider : providers) {
                Selection all = selection(provider, compiled, filter);
                Selection selection = found == null ? all : new Selection(compiled, path -> found.contains(path) && all.owned().test(path), filter);
                Removal removal;
                if (durable) {
                    DurableRemoval made = provider.removeDurable(selection);
                    removal = made.removal();
                    durability = bothDurable(durability, made.durable());
                } else {
                    removal = provider.removeVersioned(selection, false);
                }
                removed.addAll(removal.paths());
                // a provider shared by several processes versions the removal itself; the others get the clock's
                long own = removal.version() != Removal.UNVERSIONED || removal.paths().isEmpty() ? removal.version() : clock.next();
                version = Math.max(version, own);
            }
            Promise<WriteResult> published;
            if (removed.isEmpty() || opts.noPublish()) {
                published = unpublished(Optional.empty(), removed.size());
            } else {
                DataEvent event = DataEvent.remove(pathOrPattern, removed, clock.millis(), version, cleanMeta(opts));
                Publishing publishing = publisher.publish(event);
                published = afterAccepted(publishing, new WriteResult(Optional.empty(), removed.size(), publishing.results()));
            }
            return acknowledgedWhenDurable(durability, published);
        }));
    }

    /** Durable once both are: the first failure fails it. */
    private static Promise<Void> bothDurable(Promise<Void> first, Promise<Void> second) {
        if (first.isDone() && failureOf(first) == null) {
            return second;
        }
        return first.then(done -> second);
    }

    /** An operation given the provider its path routes to, so that it is routed once, for the operation and its timer. */
    @FunctionalInterface
    private interface Routed<T> {
        /** @param owner the provider of an exact path (null when none claims it), or of a pattern the only provider (else null) */
        Promise<T> run(DataProvider owner);
    }

    /**
     * Runs an operation, counted into the stats service when one is bound, and timed one time in
     * {@link DataMeters#SAMPLE} (a pair of clock reads costs more than the rest of the metering);
     * untouched otherwise. The provider is the one that owns an exact path, or {@code all} for a
     * pattern that several may answer.
     */
    private <T> Promise<T> timed(int operation, String pathOrPattern, Routed<T> operationRun) {
        DataProvider owner = owner(pathOrPattern);
        DataMeters current = meters;
        if (current == null) {
            return operationRun.run(owner);
        }
        Object provider = owner == null ? DataMeters.ALL : owner;
        if (!DataMeters.sampled()) {
            Promise<T> result = operationRun.run(owner);
            current.count(operation, provider);
            return result;
        }
        long start = System.nanoTime();
        Promise<T> result = operationRun.run(owner);
        current.timed(operation, provider, System.nanoTime() - start);
        return result;
    }

    /** The provider an exact path routes to (null when none claims it); for a pattern the only provider, or null when there are several. */
    private DataProvider owner(String pathOrPattern) {
        if (pathOrPattern != null && pathOrPattern.indexOf('*') < 0) {
            return router.ownerOrNull(pathOrPattern);
        }
        List<DataProvider> all = router.all();
        return all.size() == 1 ? all.get(0) : null;
    }

    /** The provider of an exact path, or the error that none claims it. */
    private DataProvider required(DataProvider owner, String path) {
        return owner != null ? owner : router.route(path);
    }

    /**
     * The stats service, when it runs: data operations are timed into it (docs/metrics.md). Not
     * public: only SCR calls it (Declarative Services binds through package-private methods too).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindStats(io.switchboard.stats.Stats stats) {
        meters = new DataMeters(stats, provider -> provider == DataMeters.ALL ? "all" : providerNames.getOrDefault(provider, "unnamed"));
    }

    void unbindStats(io.switchboard.stats.Stats stats) {
        DataMeters current = meters;
        // A better service bound first (greedy) leaves its meters in place.
        if (current != null && current.stats() == stats) {
            meters = null;
        }
    }

    /**
     * The documents a remove with criteria applies to, found under the query deadline before
     * anything is removed: criteria can take long, and a remove stopped halfway would have removed
     * some documents and not others. The removal then tests again only these.
     */
    private Set<String> findForRemoval(Iterable<DataProvider> providers, PathPattern pattern, ObjectNode criteria) {
        Criteria timed = CriteriaCompiler.compile(criteria, deadline());
        Set<String> found = new HashSet<>();
        for (DataProvider provider : providers) {
            provider.scan(selection(provider, pattern, timed), item -> found.add(item.path()));
        }
        return found;
    }

    private Deadline deadline() {
        return Deadline.after(time, queryTimeoutMillis);
    }

    private static void checkMetaDepth(WriteOptions opts) {
        if (opts.meta() != null && !JsonLimits.withinDepth(opts.meta())) {
            throw tooDeep("the custom meta nests deeper than " + JsonLimits.maxDepth() + " levels of objects and arrays");
        }
    }

    private static SwitchboardException tooDeep(String message) {
        return new SwitchboardException(DataErrors.TOO_DEEP, message);
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    private StoredItem written(String path, ObjectNode data, StoredItem current, WriteOptions opts) {
        long now = clock.millis();
        return new StoredItem(path, data, current == null ? now : current.created(), now, opts.origin(), clock.next());
    }

    /**
     * Stores a change and publishes it. A durable write is published as soon as it is stored (as a
     * read would see it) and acknowledged once the provider says it is durable: the caller's thread,
     * a session's lane, goes on meanwhile, so that the provider's next commit covers many writes.
     * A durable remove is answered the same way ({@link #acknowledgedWhenDurable}).
     */
    private Promise<WriteResult> store(DataProvider provider, String path, UnaryOperator<StoredItem> change, WriteOptions opts) {
        if (!durable(opts)) {
            return publish(provider.update(path, change, false), opts, true);
        }
        StoredChange stored = provider.updateDurable(path, change);
        return acknowledgedWhenDurable(stored.durable(), publish(stored.item(), opts, true));
    }

    /**
     * A durable write's answer: what publishing it gave, once the provider says the write is durable;
     * {@code data.store-failed} when it cannot be.
     */
    private static Promise<WriteResult> acknowledgedWhenDurable(Promise<Void> durable, Promise<WriteResult> published) {
        if (durable.isDone()) {
            Throwable failure = failureOf(durable);
            return failure == null ? published : PROMISES.failed(durableFailed(failure));
        }
        Deferred<WriteResult> acknowledged = PROMISES.deferred();
        durable.onResolve(() -> {
            Throwable failure = failureOf(durable);
            if (failure == null) {
                acknowledged.resolveWith(published);
            } else {
                acknowledged.fail(durableFailed(failure));
            }
        });
        return acknowledged.getPromise();
    }

    /**
     * A commit that failed fails every write waiting for it: the provider logged the cause once for
     * them all, so it is not logged again per write.
     */
    private static SwitchboardException durableFailed(Throwable failure) {
        if (failure instanceof SwitchboardException known) {
            return known;
        }
        return new SwitchboardException(DataErrors.STORE_FAILED, "the storage provider could not make the write durable (the server log has the details)", failure);
    }

    private Promise<WriteResult> publish(StoredItem item, WriteOptions opts, boolean stored) {
        if (opts.noPublish()) {
            return unpublished(Optional.of(item), 0);
        }
        Publishing publishing = publisher.publish(DataEvent.set(item, cleanMeta(opts), stored));
        return afterAccepted(publishing, new WriteResult(Optional.of(item), 0, publishing.results()));
    }

    /** The result of a write that published nothing (noPublish, or a remove that found nothing). */
    private static Promise<WriteResult> unpublished(Optional<Item> item, long removed) {
        return PROMISES.resolved(new WriteResult(item, removed, NOTHING_PUBLISHED));
    }

    /** The write's result, once the publisher accepts the publication (usually already). */
    private static Promise<WriteResult> afterAccepted(Publishing publishing, WriteResult result) {
        Promise<Void> accepted = publishing.accepted();
        if (accepted.isDone()) {
            Throwable failure = failureOf(accepted);
            return failure == null ? PROMISES.resolved(result) : PROMISES.failed(failure);
        }
        return accepted.map(done -> result);
    }

    private static Throwable failureOf(Promise<?> done) {
        try {
            return done.getFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /** For an exact path only its owner is asked (routed once, by {@link #timed}); a pattern may span every provider. */
    private Iterable<DataProvider> providersFor(PathPattern pattern, DataProvider owner) {
        return pattern.isExact() ? List.of(required(owner, pattern.source())) : router.all();
    }

    private Selection selection(DataProvider provider, PathPattern pattern, Criteria criteria) {
        Predicate<String> owned = router.all().size() == 1 ? path -> true : path -> router.owns(provider, path);
        return new Selection(pattern, owned, criteria);
    }

    private static boolean durable(WriteOptions opts) {
        return opts.consistency() == Consistency.TRANSACTIONAL || opts.consistency() == Consistency.ACKNOWLEDGED;
    }

    private static WriteOptions options(WriteOptions options) {
        return options == null ? WriteOptions.DEFAULTS : options;
    }

    /** Custom meta without the reserved keys, which the event's own meta always wins over. */
    private static WriteOptions cleanMeta(WriteOptions opts) {
        ObjectNode meta = opts.meta();
        if (meta == null) {
            return opts;
        }
        boolean reserved = false;
        for (Iterator<String> names = meta.fieldNames(); names.hasNext();) {
            reserved |= RESERVED_META.contains(names.next());
        }
        if (!reserved) {
            return opts;
        }
        ObjectNode clean = meta.deepCopy();
        clean.remove(RESERVED_META);
        return opts.withMeta(clean);
    }

    private static void rejectCriteria(WriteOptions opts, String operation) {
        if (opts.criteria() != null) {
            throw invalidOption(operation + " does not take criteria; only remove does");
        }
    }

    private static SwitchboardException invalidOption(String message) {
        return new SwitchboardException(DataErrors.INVALID_OPTION, message);
    }

    /** Runs a read, turning every failure into a failed promise with a stable code. */
    private static <T> Promise<T> read(Supplier<T> operation) {
        return write(() -> PROMISES.resolved(operation.get()));
    }

    /** Runs a write, whose promise completes as its consistency level says; failures get a stable code. */
    private static <T> Promise<T> write(Supplier<Promise<T>> operation) {
        try {
            return operation.get();
        } catch (SwitchboardException e) {
            return PROMISES.failed(e);
        } catch (RuntimeException e) {
            return PROMISES.failed(storeFailed(e));
        }
    }

    /** The client hears what happened in its terms; what failed inside is for the log. */
    private static SwitchboardException storeFailed(RuntimeException e) {
        LOG.warn("a storage provider failed", e);
        return new SwitchboardException(DataErrors.STORE_FAILED, "the storage provider failed (the server log has the details)", e);
    }

    private static List<String> patterns(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] array) {
            return List.of(array);
        }
        if (value instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of("/**");
    }

    private static int ranking(Object value) {
        return value instanceof Integer i ? i : 0;
    }
}
