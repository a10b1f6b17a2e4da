package io.switchboard.data.internal;

import static io.switchboard.data.internal.Fixture.failure;
import static io.switchboard.data.internal.Fixture.json;
import static io.switchboard.data.internal.Fixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.system.json.JsonLimits;

/** Every query is bounded in time, and every value in depth, whoever gives it (issue 11, items 7 and 8). */
class QueryLimitsTest {

    private final HandClock clock = new HandClock();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final DataServiceImpl data = new DataServiceImpl(1 << 20, 100, publisher, clock);

    QueryLimitsTest() {
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        for (int i = 0; i < 50; i++) {
            value(data.set("/q/" + i, json("{'n':" + i + ",'name':'item " + i + "'}")));
        }
    }

    @Test
    void aQueryThatRunsPastItsLimitIsStoppedWithItsOwnCode() {
        clock.stepPerRead(10); // each document looked at costs 10 ms: 50 of them are past 100 ms
        failure(data.find("/q/*", Query.where(json("{'name':{'$regex':'item'}}"))), "data.query-timeout");
        failure(data.find("/q/**", Query.ALL), "data.query-timeout");
        failure(data.count("/q/*", json("{'n':{'$gte':0}}")), "data.query-timeout");
    }

    @Test
    void aRemoveWithCriteriaThatRunsPastItsLimitRemovesNothing() {
        clock.stepPerRead(10);
        failure(data.remove("/q/*", WriteOptions.DEFAULTS.withCriteria(json("{'n':{'$gte':0}}"))), "data.query-timeout");
        clock.stepPerRead(0);
        assertEquals(50L, value(data.count("/q/*", null)));
        assertEquals(0, publisher.events.size() - 50, "nothing was published for the stopped remove");
    }

    @Test
    void queriesWithinTheLimitAnswer() {
        assertEquals(50, value(data.find("/q/*", Query.ALL.withSort(Query.Sort.desc("n")))).size());
        assertEquals(25L, value(data.remove("/q/*", WriteOptions.DEFAULTS.withCriteria(json("{'n':{'$lt':25}}")))).removed());
    }

    private static ObjectNode nested(int depth) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode current = root;
        for (int i = 1; i < depth; i++) {
            current = current.putObject("a");
        }
        return root;
    }

    @Test
    void aDocumentAtTheDepthLimitIsStoredAndOneLevelDeeperIsRefused() {
        value(data.set("/deep/ok", nested(JsonLimits.maxDepth())));
        failure(data.set("/deep/no", nested(JsonLimits.maxDepth() + 1)), "data.too-deep");
        failure(data.set("/deep/far", nested(100_000)), "data.too-deep");
        ArrayNode wrapped = JsonNodeFactory.instance.arrayNode();
        wrapped.add(nested(JsonLimits.maxDepth()));
        failure(data.set("/deep/array", wrapped), "data.too-deep");
        assertEquals(List.of("/deep/ok"), value(data.find("/deep/*", Query.ALL)).stream().map(item -> item.path()).toList());
    }

    @Test
    void criteriaAndMetaAreBoundedToo() {
        failure(data.find("/q/*", Query.where(nested(JsonLimits.maxDepth() + 1))), "data.too-deep");
        failure(data.count("/q/*", nested(100_000)), "data.too-deep");
        failure(data.set("/q/meta", json("{}"), WriteOptions.DEFAULTS.withMeta(nested(JsonLimits.maxDepth() + 1))), "data.too-deep");
    }

    @Test
    void anIncrementCannotBuildADocumentDeeperThanTheLimit() {
        String tooDeep = String.join(".", java.util.Collections.nCopies(JsonLimits.maxDepth() + 1, "a"));
        failure(data.increment("/q/inc", tooDeep, 1, WriteOptions.DEFAULTS), "data.too-deep");
        String deepest = String.join(".", java.util.Collections.nCopies(JsonLimits.maxDepth(), "a"));
        value(data.increment("/q/inc", deepest, 1, WriteOptions.DEFAULTS));
    }

    @Test
    void sortingAndMatchingDocumentsAtTheDepthLimitAnswer() {
        for (int i = 0; i < 20; i++) {
            ObjectNode doc = nested(JsonLimits.maxDepth());
            doc.put("i", i);
            value(data.set("/same/" + i, doc));
        }
        // equal deep values all the way down: the order is decided by the last key, after a full walk
        List<?> sorted = value(data.find("/same/*", Query.where(json("{'a':{'$exists':true}}")).withSort(Query.Sort.asc("a"), Query.Sort.desc("i"))));
        assertEquals(20, sorted.size());
        assertTrue(value(data.count("/same/*", (ObjectNode) json("{'a':" + nested(JsonLimits.maxDepth() - 2) + "}"))) >= 0);
    }
}
