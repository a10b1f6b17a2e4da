package io.switchboard.data.spi;

import java.util.Objects;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

/**
 * A change a provider has stored, which readers already see, and the moment it is durable: the
 * answer of {@link DataProvider#updateDurable}. The data service acknowledges the write only once
 * {@code durable} resolves, and fails it (with {@code data.store-failed}) when {@code durable} fails.
 *
 * @param item the document now stored
 * @param durable resolves once the change is on stable storage, as far as the provider promises
 * @since 1.2
 */
public record StoredChange(StoredItem item, Promise<Void> durable) {

    private static final Promise<Void> ALREADY = new PromiseFactory(PromiseFactory.inlineExecutor()).resolved(null);

    public StoredChange {
        Objects.requireNonNull(durable, "durable");
    }

    /** A change that was durable before the provider returned it. */
    public static StoredChange durableNow(StoredItem item) {
        return new StoredChange(item, ALREADY);
    }
}
