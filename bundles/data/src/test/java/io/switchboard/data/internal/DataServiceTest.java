package io.switchboard.data.internal;

import static io.switchboard.data.internal.Fixture.failure;
import static io.switchboard.data.internal.Fixture.json;
import static io.switchboard.data.internal.Fixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.data.DataErrors;
import io.switchboard.data.DataEvent;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.WriteResult;

class DataServiceTest {

    protected final Fixture f = fixture();

    /** The provider under test; subclasses run the same behaviour against other providers. */
    protected Fixture fixture() {
        return new Fixture();
    }

    @Test
    void setThenGetReturnsTheDocumentWithMeta() {
        long before = System.currentTimeMillis();
        value(f.data.set("/a/b", json("{'x':1}"), WriteOptions.DEFAULTS.withOrigin("alice")));
        Item item = value(f.data.get("/a/b")).orElseThrow();
        assertEquals(json("{'x':1}"), item.data());
        assertEquals("/a/b", item.meta().path());
        assertEquals("alice", item.meta().modifiedBy());
        assertTrue(item.meta().created() >= before);
        assertEquals(item.meta().created(), item.meta().modified());
        assertTrue(value(f.data.get("/a/c")).isEmpty());
    }

    @Test
    void replacingKeepsCreatedAndMovesModifiedAndVersion() throws Exception {
        Item first = value(f.data.set("/doc", json("{'a':1,'b':2}"))).item().orElseThrow();
        Thread.sleep(2); // the clock must move for 'modified' to differ; this is the behaviour under test
        Item second = value(f.data.set("/doc", json("{'c':3}"))).item().orElseThrow();
        assertEquals(json("{'c':3}"), second.data());
        assertEquals(first.meta().created(), second.meta().created());
        assertTrue(second.meta().modified() > first.meta().modified());
        assertTrue(second.meta().version() > first.meta().version());
    }

    @Test
    void mergeIsShallow() {
        value(f.data.set("/m", json("{'a':1,'b':{'c':1}}")));
        Item merged = value(f.data.set("/m", json("{'b':{'d':2},'e':3}"), WriteOptions.DEFAULTS.withMerge(true))).item().orElseThrow();
        assertEquals(json("{'a':1,'b':{'d':2},'e':3}"), merged.data());
        assertEquals(json("{'a':1,'b':{'d':2},'e':3}"), value(f.data.get("/m")).orElseThrow().data());
    }

    @Test
    void mergeIntoNothingStoresTheValue() {
        value(f.data.set("/new", json("{'a':1}"), WriteOptions.DEFAULTS.withMerge(true)));
        assertEquals(json("{'a':1}"), value(f.data.get("/new")).orElseThrow().data());
    }

    @Test
    void nonObjectValuesAreWrapped() {
        value(f.data.set("/s", TextNode.valueOf("hello")));
        value(f.data.set("/n", IntNode.valueOf(5)));
        value(f.data.set("/null", NullNode.getInstance()));
        value(f.data.set("/arr", Fixture.JSON.createArrayNode().add(1).add(2)));
        assertEquals(json("{'value':'hello'}"), value(f.data.get("/s")).orElseThrow().data());
        assertEquals(json("{'value':5}"), value(f.data.get("/n")).orElseThrow().data());
        assertEquals(json("{'value':null}"), value(f.data.get("/null")).orElseThrow().data());
        assertEquals(json("{'value':[1,2]}"), value(f.data.get("/arr")).orElseThrow().data());
    }

    @Test
    void setPublishesAnEventWithMetaAndCustomMetaMinusReservedKeys() {
        value(f.data.set("/e", json("{'x':1}"), WriteOptions.DEFAULTS.withOrigin("bob").withSession("s1")
                .withMeta(json("{'tag':'t','path':'/forged','modified':1}")).withTargetSessions(Set.of("s2"))));
        DataEvent event = f.publisher.events.get(0);
        assertEquals(DataEvent.Action.SET, event.action());
        assertEquals("/e", event.path());
        assertEquals(json("{'x':1}"), event.data());
        assertEquals("bob", event.modifiedBy());
        assertEquals("s1", event.session());
        assertEquals(Set.of("s2"), event.targetSessions());
        assertEquals(json("{'tag':'t'}"), event.customMeta());
        assertTrue(event.stored());
        assertTrue(event.modified() > 1);
    }

    @Test
    void noPublishStoresSilentlyAndNoStorePublishesWithoutStoring() {
        value(f.data.set("/quiet", json("{}"), WriteOptions.DEFAULTS.withNoPublish(true)));
        assertTrue(f.publisher.events.isEmpty());
        assertTrue(value(f.data.get("/quiet")).isPresent());

        WriteResult published = value(f.data.publish("/loud", json("{'x':1}"), WriteOptions.DEFAULTS));
        assertEquals("/loud", published.item().orElseThrow().path());
        assertTrue(value(f.data.get("/loud")).isEmpty());
        assertEquals(1, f.publisher.events.size());
        assertFalse(f.publisher.events.get(0).stored());
    }

    @Test
    void removeExactAndByPatternReturnsTheCountAndPublishesOneEvent() {
        for (String p : List.of("/rm/1", "/rm/2", "/rm/3", "/rm/3/deeper", "/keep")) {
            value(f.data.set(p, json("{}"), WriteOptions.DEFAULTS.withNoPublish(true)));
        }
        assertEquals(1, value(f.data.remove("/rm/3/deeper", WriteOptions.DEFAULTS)).removed());
        assertEquals(0, value(f.data.remove("/rm/3/deeper", WriteOptions.DEFAULTS)).removed());
        WriteResult result = value(f.data.remove("/rm/*", WriteOptions.DEFAULTS));
        assertEquals(3, result.removed());
        assertEquals(2, f.publisher.events.size(), "one event per remove that removed something");
        DataEvent event = f.publisher.events.get(1);
        assertEquals(DataEvent.Action.REMOVE, event.action());
        assertEquals("/rm/*", event.path());
        assertEquals(json("{'removed':3}"), event.data());
        assertEquals(List.of("/rm/1", "/rm/2", "/rm/3"), event.removedPaths().stream().sorted().toList());
        assertTrue(value(f.data.get("/keep")).isPresent());
    }

    @Test
    void removeWithCriteriaRemovesOnlyMatches() {
        value(f.data.set("/c/1", json("{'n':1}")));
        value(f.data.set("/c/2", json("{'n':2}")));
        assertEquals(1, value(f.data.remove("/c/*", WriteOptions.DEFAULTS.withCriteria(json("{'n':{'$gt':1}}")))).removed());
        assertEquals(List.of("/c/1"), value(f.data.find("/c/*", Query.ALL)).stream().map(Item::path).toList());
    }

    @Test
    void incrementIsAtomicUnderConcurrency() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        value(f.data.increment("/counter", "hits", 1, WriteOptions.DEFAULTS));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8_000, value(f.data.get("/counter")).orElseThrow().data().get("hits").longValue());
        assertTrue(value(f.data.get("/counter")).orElseThrow().data().get("hits").isIntegralNumber());
    }

    @Test
    void incrementKeepsOtherFieldsHandlesDottedFieldsFractionsAndNegatives() {
        value(f.data.set("/g", json("{'name':'gauge','stats':{'n':10}}")));
        value(f.data.increment("/g", "stats.n", -3, WriteOptions.DEFAULTS));
        value(f.data.increment("/g", "stats.avg", 0.5, WriteOptions.DEFAULTS));
        assertEquals(json("{'name':'gauge','stats':{'n':7,'avg':0.5}}"), value(f.data.get("/g")).orElseThrow().data());
    }

    @Test
    void incrementOnANonNumberFailsAndChangesNothing() {
        value(f.data.set("/g", json("{'n':'text'}")));
        failure(f.data.increment("/g", "n", 1, WriteOptions.DEFAULTS), DataErrors.NOT_A_NUMBER);
        assertEquals(json("{'n':'text'}"), value(f.data.get("/g")).orElseThrow().data());
    }

    @Test
    void eachBadInputHasItsOwnCodeAndChangesNothing() {
        value(f.data.set("/safe", json("{'v':1}")));
        int events = f.publisher.events.size();

        failure(f.data.set("no-slash", json("{}")), DataErrors.INVALID_PATH);
        failure(f.data.set("/safe/*", json("{}")), DataErrors.WILDCARD_IN_PATH);
        failure(f.data.find("/sa*", Query.ALL), DataErrors.INVALID_PATTERN);
        failure(f.data.set("/safe", new POJONode(new Object())), DataErrors.NOT_JSON);
        failure(f.data.set("/safe", json("{}").set("bin", BinaryNode.valueOf(new byte[] { 1 }))), DataErrors.NOT_JSON);
        failure(f.data.set("/safe", json("{}").set("nan", DoubleNode.valueOf(Double.NaN))), DataErrors.NOT_JSON);
        failure(f.data.set("/safe", null), DataErrors.NOT_JSON);
        failure(f.data.set("/safe", json("{}"), WriteOptions.DEFAULTS.withMerge(true).withNoStore(true)), DataErrors.INVALID_OPTION);
        failure(f.data.remove("/safe", WriteOptions.DEFAULTS.withCriteria(json("{'v':{'$near':1}}"))), DataErrors.UNKNOWN_OPERATOR);
        failure(f.data.remove("/safe", WriteOptions.DEFAULTS.withCriteria(json("{'v':{'$regex':'('}}"))), DataErrors.INVALID_REGEX);
        failure(f.data.remove("/safe", WriteOptions.DEFAULTS.withCriteria(json("{'v':{'$in':1}}"))), DataErrors.INVALID_CRITERIA);
        failure(f.data.find("/*", Query.ALL.withSkip(-1)), DataErrors.INVALID_QUERY);

        assertEquals(json("{'v':1}"), value(f.data.get("/safe")).orElseThrow().data());
        assertEquals(events, f.publisher.events.size());
    }

    @Test
    void documentsOverTheSizeLimitAreRefusedAlsoWhenAMergeMakesThemTooBig() {
        Fixture small = new Fixture(100);
        value(small.data.set("/d", json("{'a':'" + "x".repeat(50) + "'}")));
        failure(small.data.set("/d", json("{'a':'" + "x".repeat(200) + "'}")), DataErrors.TOO_LARGE);
        failure(small.data.set("/d", json("{'b':'" + "y".repeat(50) + "'}"), WriteOptions.DEFAULTS.withMerge(true)), DataErrors.TOO_LARGE);
        assertEquals(json("{'a':'" + "x".repeat(50) + "'}"), value(small.data.get("/d")).orElseThrow().data());
    }

    @Test
    void getTakesAnExactPath() {
        failure(f.data.get("/a/*"), DataErrors.WILDCARD_IN_PATH);
    }

    @Test
    void aFailingProviderIsStoreFailedAndTheMessageNamesNoJavaClass() {
        DataServiceImpl failing = new DataServiceImpl(1000, new RecordingPublisher());
        failing.addProvider(new io.switchboard.data.spi.DataProvider() {
            private RuntimeException diskFull() {
                return new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
            }

            @Override
            public io.switchboard.data.spi.StoredItem get(String path) {
                throw diskFull();
            }

            @Override
            public io.switchboard.data.spi.StoredItem update(String path, java.util.function.UnaryOperator<io.switchboard.data.spi.StoredItem> change,
                    boolean durable) {
                throw diskFull();
            }

            @Override
            public void scan(io.switchboard.data.spi.Selection selection, java.util.function.Consumer<io.switchboard.data.spi.StoredItem> sink) {
                throw diskFull();
            }

            @Override
            public long count(io.switchboard.data.spi.Selection selection) {
                throw diskFull();
            }

            @Override
            public java.util.List<String> remove(io.switchboard.data.spi.Selection selection, boolean durable) {
                throw diskFull();
            }
        }, java.util.Map.of(io.switchboard.data.spi.DataProvider.PATTERNS, "/**"));
        String message = failure(failing.set("/x", json("{}")), DataErrors.STORE_FAILED).getMessage();
        assertFalse(message.contains("java.") || message.contains("Exception"), message);
    }

    @Test
    void noProviderForAPathIsAnError() {
        DataServiceImpl bare = new DataServiceImpl(1000, new RecordingPublisher());
        failure(bare.set("/x", json("{}")), DataErrors.NO_PROVIDER);
    }

    @Test
    void countUsesTheSameWildcardsAndCriteria() {
        for (int i = 0; i < 5; i++) {
            value(f.data.set("/cnt/" + i, json("{'i':" + i + "}")));
            value(f.data.set("/cnt/" + i + "/sub", json("{'i':" + i + "}")));
        }
        assertEquals(5, value(f.data.count("/cnt/*", null)));
        assertEquals(10, value(f.data.count("/cnt/**", null)));
        assertEquals(2, value(f.data.count("/cnt/*", json("{'i':{'$gte':3}}"))));
        assertEquals(1, value(f.data.count("/cnt/3/sub", null)));
    }
}
