package io.switchboard.data.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.Item;
import io.switchboard.data.ItemMeta;
import io.switchboard.data.internal.HandClock;
import io.switchboard.data.spi.Criteria;

/** {@code $regex} in a query: linear time, bounded, refused with the data store's code, stopped at the query's deadline. */
class RegexCriteriaTest {

    private static ObjectNode regex(String pattern) {
        ObjectNode criteria = JsonNodeFactory.instance.objectNode();
        criteria.putObject("s").put("$regex", pattern);
        return criteria;
    }

    private static Item item(String text) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("s", text);
        return new Item() {
            @Override
            public String path() {
                return "/re/1";
            }

            @Override
            public ObjectNode data() {
                return data;
            }

            @Override
            public ItemMeta meta() {
                return null;
            }
        };
    }

    @Test
    void aCatastrophicPatternForABacktrackingEngineFinishesAtOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertFalse(CriteriaCompiler.compile(regex("(.*a){12}$")).test(item("a".repeat(40) + "b")));
            assertTrue(CriteriaCompiler.compile(regex("^a+b$")).test(item("a".repeat(100_000) + "b")));
        });
    }

    @Test
    void whatRe2CannotDoAndWhatIsTooLargeAreInvalidRegexes() {
        for (String pattern : new String[] {"a(?=b)", "(a)\\1", "((a{1000}){1000}){1000}", "x".repeat(4097),
                "(".repeat(101) + "a" + ")".repeat(101)}) {
            SwitchboardException e = assertThrows(SwitchboardException.class, () -> CriteriaCompiler.compile(regex(pattern)));
            assertEquals("data.invalid-regex", e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith("$regex: ") && e.getMessage().length() < 400, e.getMessage());
        }
        assertTrue(CriteriaCompiler.compile(regex("(a{100}){99}")).test(item("a".repeat(9_900))), "within the size bound");
    }

    @Test
    void aLongMatchStopsAtTheDeadline() {
        // a clock that moves a second each time it is read: the deadline passes while the text is read
        HandClock ticking = new HandClock().stepPerRead(1000);
        Criteria criteria = CriteriaCompiler.compile(regex(".{100}q"), Deadline.after(ticking, 5000));
        SwitchboardException e = assertThrows(SwitchboardException.class, () -> criteria.test(item("x".repeat(1_000_000))));
        assertEquals("data.query-timeout", e.code());
    }
}
