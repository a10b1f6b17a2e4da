package io.switchboard.data.spi;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Storage for documents, registered as an OSGi service. The data service routes each path to the
 * provider whose {@value #PATTERNS} entry matches it and is the longest (so {@code /**} is the
 * default); on a tie the higher {@code service.ranking} wins.
 *
 * <p>Calls come from many threads at once and may block (disk, network); the data service
 * validates every input before it calls a provider, so providers need not.
 */
@ConsumerType
public interface DataProvider {

    /** Service property: the path patterns (String or String[]) this provider stores. */
    String PATTERNS = "switchboard.data.patterns";
    /** Service property: a short name for logs and health, such as {@code memory}. */
    String NAME = "switchboard.data.provider";

    /** The document at a path, or {@code null}. */
    StoredItem get(String path);

    /**
     * Whether reads are answered from this process (its memory, or a local file it maps), never
     * waiting for another process: the WebSocket transport, which reads every connection on Jetty's
     * selector thread, then serves them on it ({@code DataService.readMayWait}). The default, false,
     * is the safe answer for a provider that asks a database.
     *
     * @since 1.4
     */
    default boolean readsInProcess() {
        return false;
    }

    /**
     * Atomically replaces the document at {@code path} with {@code change.apply(current)}, where
     * {@code current} may be {@code null}. Concurrent calls for one path must not lose updates; the
     * function may be called more than once and must not have side effects. When {@code durable} is
     * true the change must be on stable storage (as far as the provider promises) before returning.
     *
     * <p>A provider that several processes share gives the document a version of its own (from the
     * database, not from one process's clock) in place of the one {@code change} made: the data
     * service publishes the document returned.
     *
     * @return the document now stored
     */
    StoredItem update(String path, UnaryOperator<StoredItem> change, boolean durable);

    /**
     * Stores a change as {@link #update} does with {@code durable} true, but returns once the change
     * is stored (readable), without waiting for stable storage on the caller's thread: the answer's
     * {@link StoredChange#durable() durable} promise resolves when the change is there, or fails when
     * it cannot get there. A provider that commits in groups lets its caller go on with other writes
     * meanwhile, so that one commit covers many. The promise's callbacks may run on the provider's
     * thread and must not block.
     *
     * <p>The default waits in {@code update(path, change, true)} and answers a promise already resolved.
     *
     * @since 1.2
     */
    default StoredChange updateDurable(String path, UnaryOperator<StoredItem> change) {
        return StoredChange.durableNow(update(path, change, true));
    }

    /** Passes every document in the selection to {@code sink}, in any order. */
    void scan(Selection selection, Consumer<StoredItem> sink);

    /** How many documents are in the selection. */
    long count(Selection selection);

    /**
     * Removes every document in the selection.
     *
     * @return the paths removed
     */
    List<String> remove(Selection selection, boolean durable);

    /**
     * Removes every document in the selection, as {@link #remove} does, and gives the removal a
     * version where the provider assigns versions itself: larger than the removed documents' and
     * smaller than any later change to their paths, so that subscribers can order the removal among
     * the documents' changes. The default has no version of its own
     * ({@link Removal#UNVERSIONED}): the data service then uses its clock.
     *
     * @since 1.1
     */
    default Removal removeVersioned(Selection selection, boolean durable) {
        return new Removal(remove(selection, durable), Removal.UNVERSIONED);
    }

    /**
     * Removes every document in the selection, as {@link #removeVersioned} does with {@code durable}
     * true, but returns once the removal is made (readable), without waiting for stable storage on
     * the caller's thread, as {@link #updateDurable} does for a change: the answer's
     * {@link DurableRemoval#durable() durable} promise resolves when the removal is there, or fails
     * when it cannot get there. Its callbacks may run on the provider's thread and must not block.
     *
     * <p>The default waits in {@code removeVersioned(selection, true)} and answers a promise already resolved.
     *
     * @since 1.3
     */
    default DurableRemoval removeDurable(Selection selection) {
        return DurableRemoval.durableNow(removeVersioned(selection, true));
    }
}
