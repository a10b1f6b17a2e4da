package io.switchboard.data.internal;

import static io.switchboard.data.internal.Fixture.json;
import static io.switchboard.data.internal.Fixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;

/** Wildcards leave /_SYSTEM out of finds, counts and removes, in memory and on disk; naming it reaches it. */
class ReservedTreeTest {

    @ParameterizedTest(name = "persistent: {0}")
    @ValueSource(booleans = {false, true})
    void wildcardsLeaveTheReservedTreeAlone(boolean persistent) throws IOException {
        Fixture f = persistent ? Fixture.persistent("reserved-tree") : new Fixture();
        try {
            value(f.data.set("/_SYSTEM/security/users/ann", json("{'password':'hash'}"), WriteOptions.DEFAULTS));
            value(f.data.set("/_SYSTEM", json("{'root':true}"), WriteOptions.DEFAULTS));
            value(f.data.set("/shop/a", json("{'v':1}"), WriteOptions.DEFAULTS));
            value(f.data.set("/top", json("{'v':1}"), WriteOptions.DEFAULTS));

            assertEquals(List.of("/shop/a", "/top"), paths(value(f.data.find("/**", Query.ALL))));
            assertEquals(List.of("/top"), paths(value(f.data.find("/*", Query.ALL))));
            assertEquals(0L, value(f.data.count("/*/security/users/*", null)));
            assertEquals(2L, value(f.data.remove("/**", WriteOptions.DEFAULTS)).removed(), "only /shop/a and /top");

            assertTrue(value(f.data.get("/_SYSTEM/security/users/ann")).isPresent(), "remove /** never wipes the directory");
            assertEquals(2L, value(f.data.count("/_SYSTEM/**", null)), "naming the tree reaches it");
            assertEquals(1L, value(f.data.count("/_SYSTEM/*/users/*", null)));
        } finally {
            if (persistent) {
                f.deleteStore();
            }
        }
    }

    private static List<String> paths(List<Item> items) {
        return items.stream().map(Item::path).sorted().toList();
    }
}
