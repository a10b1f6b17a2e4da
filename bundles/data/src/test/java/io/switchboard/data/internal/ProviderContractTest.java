package io.switchboard.data.internal;

import static io.switchboard.data.internal.Fixture.json;
import static io.switchboard.data.internal.Fixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.DataEvent;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.Query.Sort;
import io.switchboard.data.WriteOptions;

/**
 * What every storage provider must keep: values exactly as written, meta and versions that order
 * each path's changes (removals included), atomic read-modify-write under concurrency, and pattern
 * scans that take exactly the matching paths (no namesakes, whatever characters the paths hold).
 * Run on the in-memory provider here and on every provider by {@link ProviderConformance}.
 */
class ProviderContractTest {

    protected final Fixture f = fixture();

    /** The provider under test; {@link ProviderConformance} runs the same behaviour against other providers. */
    protected Fixture fixture() {
        return new Fixture();
    }

    /** Unicode (a surrogate pair too), escapes, control characters, odd keys, every JSON type, long and fractional numbers. */
    private static final String AWKWARD = "{'text':'caf\\u00e9 \\u65e5\\u672c \\ud83d\\ude00 back\\\\slash \\u0022quoted\\u0022 tab\\there new\\nline \\u0001',"
            + "'': 'empty key', 'dotted.key': 1, 'sp ace': true, 'nothing': null, 'no': false,"
            + "'ints': [0, -1, 2147483648, 9223372036854775807, -9223372036854775808],"
            + "'fractions': [0.1, -30.5, 1.25E-5, 123456.789],"
            + "'nested': {'a': [[], {}, [{'b': [1, {'c': 'd'}]}]], 'e': {}},"
            + "'zeta': 1, 'alpha': 2}";

    @Test
    void valuesComeBackExactlyAsWrittenFromGetFindAndAfterAMerge() {
        ObjectNode document = json(AWKWARD);
        value(f.data.set("/values/doc", document.deepCopy()));
        assertEquals(document, value(f.data.get("/values/doc")).orElseThrow().data());
        assertEquals(document, value(f.data.find("/values/*", Query.ALL)).get(0).data());

        value(f.data.set("/values/doc", json("{'added':'x'}"), WriteOptions.DEFAULTS.withMerge(true)));
        ObjectNode merged = document.deepCopy().put("added", "x");
        assertEquals(merged, value(f.data.get("/values/doc")).orElseThrow().data());
    }

    @Test
    void metaTracksCreationTheLastWriterAndTheVersionThroughEveryKindOfWrite() {
        Item first = value(f.data.set("/meta/doc", json("{'n':1}"), WriteOptions.DEFAULTS.withOrigin("ann"))).item().orElseThrow();
        Item merged = value(f.data.set("/meta/doc", json("{'m':2}"), WriteOptions.DEFAULTS.withMerge(true).withOrigin("bob"))).item().orElseThrow();
        Item incremented = value(f.data.increment("/meta/doc", "n", 5, WriteOptions.DEFAULTS.withOrigin("cid"))).item().orElseThrow();

        assertEquals(first.meta().created(), merged.meta().created());
        assertEquals(first.meta().created(), incremented.meta().created());
        assertTrue(merged.meta().version() > first.meta().version());
        assertTrue(incremented.meta().version() > merged.meta().version());

        Item stored = value(f.data.get("/meta/doc")).orElseThrow();
        assertEquals(json("{'n':6,'m':2}"), stored.data());
        assertEquals("cid", stored.meta().modifiedBy());
        assertEquals(incremented.meta().version(), stored.meta().version(), "what the writer got is what is stored");
        assertEquals(incremented.meta().modified(), stored.meta().modified());
        assertEquals(stored.meta().version(), f.publisher.events.get(2).version(), "the event carries the stored version");
    }

    @Test
    void aRemovalIsVersionedAfterTheRemovedDocumentsAndBeforeTheirNextChange() {
        long a = value(f.data.set("/order/a", json("{}"))).item().orElseThrow().meta().version();
        long b = value(f.data.set("/order/b", json("{}"))).item().orElseThrow().meta().version();
        value(f.data.remove("/order/*", WriteOptions.DEFAULTS));
        DataEvent removal = f.publisher.events.get(2);
        assertEquals(DataEvent.Action.REMOVE, removal.action());
        assertTrue(removal.version() > Math.max(a, b), "removal " + removal.version() + " after " + a + ", " + b);

        long again = value(f.data.set("/order/a", json("{}"))).item().orElseThrow().meta().version();
        assertTrue(again > removal.version(), "re-created " + again + " after the removal " + removal.version());
    }

    @Test
    void aPatternTakesExactlyItsPathsWhateverCharactersTheyHold() {
        List<String> paths = List.of("/p", "/p/x", "/p/x/y", "/p-x", "/p.x", "/p0", "/p%", "/p_", "/p/%", "/p/_",
                "/p/a b", "/p/(1)", "/p/~$,!@=&+:{}", "/q/p", "/pp");
        for (String path : paths) {
            value(f.data.set(path, json("{}")));
        }
        assertEquals(List.of("/p", "/p/%", "/p/(1)", "/p/_", "/p/a b", "/p/x", "/p/x/y", "/p/~$,!@=&+:{}"), paths("/p/**"));
        assertEquals(List.of("/p/%", "/p/(1)", "/p/_", "/p/a b", "/p/x", "/p/~$,!@=&+:{}"), paths("/p/*"));
        assertEquals(List.of("/p/x/y"), paths("/p/*/y"));
        assertEquals(List.of("/p/x/y"), paths("/**/y"));
        assertEquals(List.of("/p%"), paths("/p%"));
        assertEquals(List.of("/p_"), paths("/p_"));
        assertEquals(List.of("/p/x", "/q/p"), union(paths("/*/x"), paths("/*/p")));
        assertEquals(paths.size(), paths("/**").size());
        assertEquals(8, value(f.data.count("/p/**", null)));
        assertEquals(6, value(f.data.remove("/p/*", WriteOptions.DEFAULTS)).removed());
        assertEquals(List.of("/p", "/p/x/y"), paths("/p/**"));
    }

    @Test
    void concurrentMergesIntoOneDocumentLoseNoField() throws Exception {
        int writers = 4;
        int each = 100;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        value(f.data.set("/merged", json("{'w" + writer + "_" + i + "':" + i + "}"), WriteOptions.DEFAULTS.withMerge(true)));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(writers * each, value(f.data.get("/merged")).orElseThrow().data().size());
    }

    @Test
    void sortSkipAndLimitPageManyDocumentsWithTiesInPathOrder() {
        for (int i = 0; i < 60; i++) {
            value(f.data.set(String.format("/many/%02d", i), json("{'group':" + (i % 3) + ",'i':" + i + "}"), WriteOptions.DEFAULTS.withNoPublish(true)));
        }
        List<String> page = value(f.data.find("/many/*", Query.ALL.withSort(Sort.desc("group")).withSkip(15).withLimit(10)))
                .stream().map(Item::path).toList();
        assertEquals(List.of("/many/47", "/many/50", "/many/53", "/many/56", "/many/59",
                "/many/01", "/many/04", "/many/07", "/many/10", "/many/13"), page);
        assertEquals(20, value(f.data.count("/many/*", json("{'group':1}"))));
        assertEquals(20, value(f.data.remove("/many/*", WriteOptions.DEFAULTS.withCriteria(json("{'group':0}")))).removed());
        assertEquals(40, value(f.data.count("/many/*", null)));
    }

    private List<String> paths(String pattern) {
        return value(f.data.find(pattern, Query.ALL)).stream().map(Item::path).toList();
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.stream().sorted().toList();
    }
}
