package io.switchboard.data.spi;

import java.util.Objects;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

/**
 * A removal a provider has made, which readers already see, and the moment it is durable: the
 * answer of {@link DataProvider#removeDurable}. The data service acknowledges the remove only once
 * {@code durable} resolves, and fails it (with {@code data.store-failed}) when {@code durable} fails.
 *
 * @param removal what was removed
 * @param durable resolves once the removal is on stable storage, as far as the provider promises
 * @since 1.3
 */
public record DurableRemoval(Removal removal, Promise<Void> durable) {

    private static final Promise<Void> ALREADY = new PromiseFactory(PromiseFactory.inlineExecutor()).resolved(null);

    public DurableRemoval {
        Objects.requireNonNull(removal, "removal");
        Objects.requireNonNull(durable, "durable");
    }

    /** A removal that was durable before the provider returned it. */
    public static DurableRemoval durableNow(Removal removal) {
        return new DurableRemoval(removal, ALREADY);
    }
}
