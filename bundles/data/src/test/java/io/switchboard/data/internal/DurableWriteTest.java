package io.switchboard.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.Consistency;
import io.switchboard.data.DataErrors;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.WriteResult;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.DurableRemoval;
import io.switchboard.data.spi.Removal;
import io.switchboard.data.spi.Selection;
import io.switchboard.data.spi.StoredChange;
import io.switchboard.data.spi.StoredItem;

/**
 * A durable write (TRANSACTIONAL, ACKNOWLEDGED) on a provider that commits in groups: the writer's
 * thread does not wait for the disk, the write is published as stored, and it is acknowledged only
 * once the provider says it is durable.
 */
class DurableWriteTest {

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());

    /** Memory storage whose durable changes wait for the test to commit them. */
    private static final class LaterCommits extends ForwardingProvider {
        final List<Deferred<Void>> pending = new CopyOnWriteArrayList<>();
        int synchronousDurableWrites;

        @Override
        public StoredChange updateDurable(String path, UnaryOperator<StoredItem> change) {
            Deferred<Void> commit = PROMISES.deferred();
            pending.add(commit);
            return new StoredChange(memory.update(path, change, false), commit.getPromise());
        }

        @Override
        public StoredItem update(String path, UnaryOperator<StoredItem> change, boolean durable) {
            synchronousDurableWrites += durable ? 1 : 0;
            return memory.update(path, change, durable);
        }

        @Override
        public DurableRemoval removeDurable(Selection selection) {
            Deferred<Void> commit = PROMISES.deferred();
            pending.add(commit);
            return new DurableRemoval(new Removal(memory.remove(selection, false), Removal.UNVERSIONED), commit.getPromise());
        }

        @Override
        public List<String> remove(Selection selection, boolean durable) {
            synchronousDurableWrites += durable ? 1 : 0;
            return memory.remove(selection, durable);
        }
    }

    private final LaterCommits provider = new LaterCommits();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final DataServiceImpl data = new DataServiceImpl(1 << 20, publisher);

    DurableWriteTest() {
        data.addProvider(provider, Map.of(DataProvider.PATTERNS, "/**"));
    }

    @Test
    void aDurableSetReturnsAtOnceIsPublishedAsStoredAndAcknowledgedOnlyWhenDurable() {
        Promise<WriteResult> first = data.set("/d/1", Fixture.json("{'n':1}"), WriteOptions.DEFAULTS);
        Promise<WriteResult> second = data.increment("/d/2", "n", 1, WriteOptions.DEFAULTS);

        assertEquals(0, provider.synchronousDurableWrites, "the writer's thread waited for the disk");
        assertFalse(first.isDone(), "acknowledged before the provider made it durable");
        assertFalse(second.isDone(), "acknowledged before the provider made it durable");
        assertEquals(List.of("/d/1", "/d/2"), publisher.events.stream().map(e -> e.path()).toList(), "published in the order stored");
        assertTrue(Fixture.value(data.get("/d/1")).isPresent(), "readable before it is durable");

        provider.pending.get(0).resolve(null);
        assertTrue(first.isDone());
        assertEquals(1, Fixture.value(first).item().orElseThrow().data().get("n").intValue());
        assertFalse(second.isDone());
        provider.pending.get(1).resolve(null);
        assertEquals(1.0, Fixture.value(second).item().orElseThrow().data().get("n").doubleValue());
    }

    @Test
    void aWriteWhoseCommitFailsFailsWithTheStoreCodeInTheClientsTerms() {
        Promise<WriteResult> write = data.set("/d/1", Fixture.json("{'n':1}"), WriteOptions.DEFAULTS.withConsistency(Consistency.ACKNOWLEDGED));
        provider.pending.get(0).fail(new java.io.UncheckedIOException(new java.io.IOException("No space left on device")));
        SwitchboardException failure = Fixture.failure(write, DataErrors.STORE_FAILED);
        assertFalse(failure.getMessage().contains("Exception"), failure.getMessage());
        assertFalse(failure.getMessage().contains("java."), failure.getMessage());
    }

    @Test
    void aDurableRemoveReturnsAtOnceIsPublishedAsMadeAndAcknowledgedOnlyWhenDurable() {
        WriteOptions queued = WriteOptions.DEFAULTS.withConsistency(Consistency.QUEUED);
        data.set("/d/1", Fixture.json("{'n':1}"), queued);
        data.set("/d/2", Fixture.json("{'n':2}"), queued);

        Promise<WriteResult> removal = data.remove("/d/*", WriteOptions.DEFAULTS);

        assertEquals(0, provider.synchronousDurableWrites, "the writer's thread waited for the disk");
        assertFalse(removal.isDone(), "acknowledged before the provider made it durable");
        assertTrue(Fixture.value(data.get("/d/1")).isEmpty(), "still readable after the removal was made");
        assertEquals("/d/*", publisher.events.get(publisher.events.size() - 1).path(), "not published as soon as made");
        provider.pending.get(0).resolve(null);
        assertEquals(2, Fixture.value(removal).removed());
    }

    @Test
    void aRemoveWhoseCommitFailsFailsWithTheStoreCodeInTheClientsTerms() {
        data.set("/d/1", Fixture.json("{'n':1}"), WriteOptions.DEFAULTS.withConsistency(Consistency.QUEUED));
        Promise<WriteResult> removal = data.remove("/d/1", WriteOptions.DEFAULTS);
        provider.pending.get(0).fail(new java.io.UncheckedIOException(new java.io.IOException("No space left on device")));
        SwitchboardException failure = Fixture.failure(removal, DataErrors.STORE_FAILED);
        assertFalse(failure.getMessage().contains("java."), failure.getMessage());
    }

    @Test
    void writesThatNeedNoDurabilityNeverWaitForIt() {
        Promise<WriteResult> queued = data.set("/d/1", Fixture.json("{'n':1}"), WriteOptions.DEFAULTS.withConsistency(Consistency.QUEUED));
        assertTrue(queued.isDone());
        assertTrue(provider.pending.isEmpty());
    }
}
