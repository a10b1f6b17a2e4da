package io.switchboard.data.postgres.internal;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.switchboard.data.PublishResults;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher;

/**
 * Another process using the same store: increments one counter through its own data service and
 * PostgreSQL provider, with a few threads, then prints {@code DONE <count>}. Started by
 * {@link SharedStoreTest}. Arguments: URL, path, field, increments per thread, threads; the
 * password comes in the environment ({@code STORE_PASSWORD}), as a runtime's does.
 */
public final class IncrementWorker {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String path = args[1];
        String field = args[2];
        int each = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        PostgresProvider provider = new PostgresProvider(new StoreSettings(url, System.getenv("STORE_PASSWORD"), threads + 1, 5000, 30000),
                Clock.systemUTC(), 1000);
        DataServiceImpl data = new DataServiceImpl(1 << 20, NO_SUBSCRIBERS);
        data.addProvider(provider, java.util.Map.of(DataProvider.PATTERNS, "/**"));
        System.out.println("READY");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] done = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                done[t] = pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        Promise<?> written = data.increment(path, field, 1, WriteOptions.DEFAULTS);
                        if (written.getFailure() != null) {
                            throw new IllegalStateException(written.getFailure());
                        }
                    }
                    return null;
                });
            }
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            provider.close();
        }
        System.out.println("DONE " + (long) each * threads);
    }

    private static final EventPublisher NO_SUBSCRIBERS = event -> new EventPublisher.Publishing(Promises.resolved(null),
            Promises.resolved(PublishResults.NONE));

    private IncrementWorker() {
    }
}
