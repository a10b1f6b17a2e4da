package io.switchboard.data.internal;

import static io.switchboard.data.internal.Fixture.json;
import static io.switchboard.data.internal.Fixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;

class ProviderRoutingTest {

    private final DataServiceImpl data = new DataServiceImpl(1 << 20, new RecordingPublisher());
    private final MemoryProvider fallback = new MemoryProvider();
    private final MemoryProvider friends = new MemoryProvider();
    private final MemoryProvider closeFriends = new MemoryProvider();

    ProviderRoutingTest() {
        data.addProvider(fallback, Map.of(DataProvider.PATTERNS, "/**"));
        data.addProvider(friends, Map.of(DataProvider.PATTERNS, new String[] { "/friends/**" }));
        data.addProvider(closeFriends, Map.of(DataProvider.PATTERNS, List.of("/friends/close/**")));
    }

    @Test
    void theLongestMatchingPatternWins() {
        value(data.set("/other", json("{}")));
        value(data.set("/friends/ann", json("{}")));
        value(data.set("/friends/close/bob", json("{}")));
        assertNotNull(fallback.get("/other"));
        assertNotNull(friends.get("/friends/ann"));
        assertNotNull(closeFriends.get("/friends/close/bob"));
        assertNull(friends.get("/friends/close/bob"));
        assertEquals(1, value(data.get("/friends/close/bob")).stream().count());
    }

    @Test
    void aPatternSpanningProvidersIsAnsweredByAllOfThem() {
        value(data.set("/friends/ann", json("{'n':1}")));
        value(data.set("/friends/close/bob", json("{'n':2}")));
        assertEquals(List.of("/friends/ann", "/friends/close/bob"),
                value(data.find("/friends/**", Query.ALL)).stream().map(Item::path).toList());
        assertEquals(2, value(data.count("/**", null)));
        assertEquals(2, value(data.remove("/friends/**", WriteOptions.DEFAULTS)).removed());
        assertEquals(0, value(data.count("/**", null)));
    }

    @Test
    void onTiesTheHigherRankingWins() {
        MemoryProvider ranked = new MemoryProvider();
        data.addProvider(ranked, Map.of(DataProvider.PATTERNS, "/**", "service.ranking", 10));
        value(data.set("/x", json("{}")));
        assertNotNull(ranked.get("/x"));
        data.removeProvider(ranked);
        value(data.set("/y", json("{}")));
        assertNotNull(fallback.get("/y"));
    }

    @Test
    void documentsAProviderNoLongerOwnsAreNotReturnedTwice() {
        value(data.set("/friends/close/c", json("{}"))); // stored in closeFriends
        data.removeProvider(closeFriends);
        value(data.set("/friends/close/c", json("{'again':true}"))); // now stored in friends
        data.addProvider(closeFriends, Map.of(DataProvider.PATTERNS, "/friends/close/**"));
        // closeFriends owns the path again and answers with its copy; friends' copy is not its to give
        List<Item> found = value(data.find("/friends/**", Query.ALL));
        assertEquals(1, found.size());
        assertEquals(json("{}"), found.get(0).data());
    }

    /** A provider that asks a database: its reads may wait, so a thread reading many connections reads elsewhere. */
    @Test
    void readsMayWaitOnlyWhereAProviderOutsideThisProcessCouldAnswer() {
        assertEquals(false, data.readMayWait("/friends/ann"), "memory answers in process");
        assertEquals(false, data.readMayWait("/friends/**"));
        DataProvider database = new ForwardingProvider(); // as the PostgreSQL provider: readsInProcess() is the SPI's default, false
        data.addProvider(database, Map.of(DataProvider.PATTERNS, "/shared/**"));
        assertEquals(true, data.readMayWait("/shared/doc"));
        assertEquals(false, data.readMayWait("/friends/ann"), "a path another provider owns");
        assertEquals(true, data.readMayWait("/friends/*"), "a pattern may span every provider");
        data.removeProvider(database);
        assertEquals(false, data.readMayWait("/shared/doc"), "the memory fallback owns it again");
    }
}
