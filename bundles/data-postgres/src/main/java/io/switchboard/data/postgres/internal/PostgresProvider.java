package io.switchboard.data.postgres.internal;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.zaxxer.hikari.HikariDataSource;

import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.Removal;
import io.switchboard.data.spi.Selection;
import io.switchboard.data.spi.StoredItem;

/**
 * Documents in PostgreSQL (JSONB), the shared store of a cluster: every runtime that points at the
 * same database sees the same documents, versions and counters. Registered for {@code /**} at
 * ranking 100, above the embedded MVStore (0), so that once a store URL is set it is the default.
 *
 * <p>The URL comes from the framework property {@value #URL_PROPERTY} (the launcher's
 * {@code --store-url} / {@code SWITCHBOARD_STORE_URL}) unless configured here (PID
 * {@value #PID}); the password only from the launcher's secret service, which the framework hands
 * to this bundle alone, so it never sits in a framework property or a configuration.
 *
 * <p>The provider registers whether or not the database answers: while it is away every operation
 * fails with {@code data.store-unavailable} and {@code /health} says why, instead of the data going
 * to another store; a background probe notices its return without a restart.
 */
@Component(service = DataProvider.class, configurationPid = PostgresProvider.PID,
        property = { DataProvider.NAME + "=" + PostgresProvider.NAME, "service.ranking:Integer=100" })
@Designate(ocd = PostgresProvider.Config.class)
public final class PostgresProvider implements DataProvider {

    public static final String PID = "io.switchboard.data.postgres";
    static final String NAME = "postgres";
    static final String URL_PROPERTY = "switchboard.store.url";
    /** The launcher's service that holds SWITCHBOARD_STORE_PASSWORD. */
    static final String PASSWORD_SECRET = "(switchboard.secret=store.password)";

    @ObjectClassDefinition(name = "Switchboard shared data store (PostgreSQL)")
    public @interface Config {
        @AttributeDefinition(description = "Path patterns stored here")
        String[] switchboard_data_patterns() default "/**";

        @AttributeDefinition(description = "JDBC URL (jdbc:postgresql://host:port/database?user=...); empty for the framework property switchboard.store.url")
        String url() default "";

        @AttributeDefinition(description = "Connections to the database at most")
        int poolSize() default 8;

        @AttributeDefinition(description = "How long an operation waits for a connection before it fails with data.store-unavailable, in milliseconds (at least 250)")
        int connectionTimeoutMillis() default 2000;

        @AttributeDefinition(description = "How long a statement may wait for the server before its connection is given up, in milliseconds (0: no limit)")
        int socketTimeoutMillis() default 30000;

        @AttributeDefinition(description = "How often the store is checked for /health, and retried while it is away, in milliseconds")
        int probeIntervalMillis() default 1000;

        @AttributeDefinition(description = "Documents written lately are kept, up to this much JSON text (in characters), so that writing one again takes one round trip; 0 for none")
        long recentDocumentsMaxChars() default 16 * 1024 * 1024;
    }

    private final HikariDataSource pool;
    private final Store store;
    private final ScheduledExecutorService prober;
    private final int probeTimeoutSeconds;
    private final RecentDocuments recent;

    @Activate
    public PostgresProvider(BundleContext context, Config config,
            @Reference(service = Supplier.class, target = PASSWORD_SECRET, cardinality = ReferenceCardinality.OPTIONAL) Supplier<?> password) {
        this(settings(context, config, password), Clock.systemUTC(), config.probeIntervalMillis(), config.recentDocumentsMaxChars());
    }

    PostgresProvider(StoreSettings settings, Clock clock, int probeIntervalMillis) {
        this(settings, clock, probeIntervalMillis, 16 * 1024 * 1024);
    }

    PostgresProvider(StoreSettings settings, Clock clock, int probeIntervalMillis, long recentDocumentsMaxChars) {
        this.recent = new RecentDocuments(recentDocumentsMaxChars);
        this.pool = settings.openPool();
        this.store = new Store(pool, new StoreState(settings.location(), clock), clock, probeIntervalMillis);
        this.probeTimeoutSeconds = Math.max(1, Math.min(5, (probeIntervalMillis + 999) / 1000));
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-store-probe");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleWithFixedDelay(this::probe, 0, Math.max(100, probeIntervalMillis), TimeUnit.MILLISECONDS);
    }

    private static StoreSettings settings(BundleContext context, Config config, Supplier<?> password) {
        String url = config.url().isBlank() ? context.getProperty(URL_PROPERTY) : config.url().trim();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("no store URL: set SWITCHBOARD_STORE_URL (or --store-url), or url in " + PID);
        }
        Object secret = password == null ? null : password.get();
        return new StoreSettings(url.trim(), secret == null ? null : secret.toString(), config.poolSize(),
                config.connectionTimeoutMillis(), config.socketTimeoutMillis());
    }

    @Deactivate
    public void close() {
        prober.shutdownNow();
        pool.close();
    }

    /** Checks now that the database answers (what the background probe does every interval). */
    void probe() {
        store.probe(probeTimeoutSeconds);
    }

    /** Whether the database answers, and why not; for the health check. */
    StoreState state() {
        return store.state();
    }

    @Override
    public StoredItem get(String path) {
        return store.run(false, connection -> Documents.get(connection, path));
    }

    @Override
    public StoredItem update(String path, UnaryOperator<StoredItem> change, boolean durable) {
        // every write is committed before it is acknowledged (synchronous commit), durable or not
        return store.run(true, connection -> Documents.update(connection, path, change, recent));
    }

    @Override
    public void scan(Selection selection, Consumer<StoredItem> sink) {
        store.run(false, connection -> {
            Documents.scan(connection, selection, sink);
            return null;
        });
    }

    @Override
    public long count(Selection selection) {
        return store.run(false, connection -> Documents.count(connection, selection));
    }

    @Override
    public List<String> remove(Selection selection, boolean durable) {
        return removeVersioned(selection, durable).paths();
    }

    @Override
    public Removal removeVersioned(Selection selection, boolean durable) {
        return store.run(true, connection -> Documents.remove(connection, selection, recent));
    }
}
