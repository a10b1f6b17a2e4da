package io.switchboard.data.internal;

import java.util.ArrayList;
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
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

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
import io.switchboard.data.internal.query.FieldRef;
import io.switchboard.data.path.PathPattern;
import io.switchboard.data.path.Paths;
import io.switchboard.data.spi.Criteria;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher;
import io.switchboard.data.spi.EventPublisher.Publishing;
import io.switchboard.data.spi.Removal;
import io.switchboard.data.spi.Selection;
import io.switchboard.data.spi.StoredItem;

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
    }

    private static final Set<String> RESERVED_META = Set.of("path", "action", "created", "modified", "modifiedBy",
            "version", "consistency", "initial", "session", "type", "published", "status", "eventId", "sessionId");
    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());
    private static final Promise<PublishResults> NOTHING_PUBLISHED = PROMISES.resolved(PublishResults.NONE);

    private final ProviderRouter router = new ProviderRouter();
    private final VersionClock clock = new VersionClock();
    private final EventPublisher publisher;
    private final long maxDocumentSize;

    @Activate
    public DataServiceImpl(Config config, @Reference EventPublisher publisher) {
        this(config.maxDocumentSize(), publisher);
    }

    public DataServiceImpl(long maxDocumentSize, EventPublisher publisher) {
        this.maxDocumentSize = maxDocumentSize;
        this.publisher = publisher;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addProvider(DataProvider provider, Map<String, Object> properties) {
        router.add(provider, patterns(properties.get(DataProvider.PATTERNS)), ranking(properties.get("service.ranking")));
    }

    public void removeProvider(DataProvider provider) {
        router.remove(provider);
    }

    @Override
    public Promise<WriteResult> set(String path, JsonNode value, WriteOptions options) {
        WriteOptions opts = options(options);
        return write(() -> {
            Paths.requireWritable(path);
            if (opts.merge() && opts.noStore()) {
                throw invalidOption("merge and noStore cannot be combined: there is nothing stored to merge into");
            }
            rejectCriteria(opts, "set");
            ObjectNode document = Values.document(value, maxDocumentSize);
            if (opts.noStore()) {
                long now = clock.millis();
                return publish(new StoredItem(path, document, now, now, opts.origin(), clock.next()), opts, false);
            }
            StoredItem stored = router.route(path).update(path, new Replacement(path, document, opts), durable(opts));
            return publish(stored, opts, true);
        });
    }

    /** What {@code set} stores: the new document, or the stored one merged with it. */
    private final class Replacement implements UnaryOperator<StoredItem> {
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
        return write(() -> {
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
            String[] fieldPath = ref.dataPath();
            StoredItem stored = router.route(path).update(path, current -> {
                ObjectNode data = Values.increment(current == null ? JsonNodeFactory.instance.objectNode() : current.data(), fieldPath, by);
                Values.checkSize(data, maxDocumentSize);
                return written(path, data, current, opts);
            }, durable(opts));
            return publish(stored, opts, true);
        });
    }

    @Override
    public Promise<Optional<Item>> get(String path) {
        return read(() -> {
            Paths.requireWritable(path);
            return Optional.ofNullable(router.route(path).get(path));
        });
    }

    @Override
    public Promise<List<Item>> find(String pattern, Query query) {
        return read(() -> {
            PathPattern compiled = PathPattern.compile(pattern);
            CompiledQuery q = CompiledQuery.compile(query);
            List<StoredItem> matches = new ArrayList<>();
            for (DataProvider provider : providersFor(compiled)) {
                provider.scan(selection(provider, compiled, q.criteria()), matches::add);
            }
            return q.finish(matches);
        });
    }

    @Override
    public Promise<Long> count(String pattern, ObjectNode criteria) {
        return read(() -> {
            PathPattern compiled = PathPattern.compile(pattern);
            Criteria filter = CriteriaCompiler.compile(criteria);
            long total = 0;
            for (DataProvider provider : providersFor(compiled)) {
                total += provider.count(selection(provider, compiled, filter));
            }
            return total;
        });
    }

    @Override
    public Promise<WriteResult> remove(String pathOrPattern, WriteOptions options) {
        WriteOptions opts = options(options);
        return write(() -> {
            PathPattern compiled = PathPattern.compile(pathOrPattern);
            if (opts.merge() || opts.noStore()) {
                throw invalidOption("remove takes neither merge nor noStore");
            }
            Criteria filter = CriteriaCompiler.compile(opts.criteria());
            List<String> removed = new ArrayList<>();
            long version = Removal.UNVERSIONED;
            for (DataProvider provider : providersFor(compiled)) {
                Removal removal = provider.removeVersioned(selection(provider, compiled, filter), durable(opts));
                removed.addAll(removal.paths());
                // a provider shared by several processes versions the removal itself; the others get the clock's
                long own = removal.version() != Removal.UNVERSIONED || removal.paths().isEmpty() ? removal.version() : clock.next();
                version = Math.max(version, own);
            }
            if (removed.isEmpty() || opts.noPublish()) {
                return unpublished(Optional.empty(), removed.size());
            }
            DataEvent event = DataEvent.remove(pathOrPattern, removed, clock.millis(), version, cleanMeta(opts));
            Publishing publishing = publisher.publish(event);
            return afterAccepted(publishing, new WriteResult(Optional.empty(), removed.size(), publishing.results()));
        });
    }

    private StoredItem written(String path, ObjectNode data, StoredItem current, WriteOptions opts) {
        long now = clock.millis();
        return new StoredItem(path, data, current == null ? now : current.created(), now, opts.origin(), clock.next());
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

    /** For an exact path only its owner is asked; a pattern may span every provider. */
    private Iterable<DataProvider> providersFor(PathPattern pattern) {
        return pattern.isExact() ? List.of(router.route(pattern.source())) : router.all();
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

    private static SwitchboardException storeFailed(RuntimeException e) {
        return new SwitchboardException(DataErrors.STORE_FAILED, "the store failed: " + e, e);
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
