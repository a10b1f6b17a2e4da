package io.switchboard.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/** Names checked by hand take exactly what the documented pattern takes. */
class NamesTest {

    /** The documented language (docs/bus.md): what the hand-written check must match. */
    private static final Pattern DOCUMENTED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    @Test
    void acceptsExactlyTheDocumentedNames() {
        List<String> edges = List.of("a", "Z9", "0.a_b-c", "a".repeat(128), "a".repeat(129), "", ".a", "_a", "-a", "a b", "a/b", "a~1", "é",
                "a\u0000", "a.", "A-", "9_");
        for (String name : edges) {
            assertEquals(DOCUMENTED.matcher(name).matches(), Names.isName(name, name.length()), name);
        }
        Random random = new Random(14);
        String alphabet = "aZ09._-~/ \u00e9";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            for (int k = random.nextInt(6); k > 0; k--) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertEquals(DOCUMENTED.matcher(name).matches(), Names.isName(name.toString(), name.length()), name.toString());
        }
    }

    @Test
    void aMessageIdIsATopicATildeAndAPositiveNumber() {
        assertEquals(new Names.MessageId("orders.eu", 42), Names.parse("orders.eu~42"));
        for (String bad : List.of("~1", "orders~0", "orders~-1", "orders~x", "or/ders~1", ".orders~1", "orders", "a".repeat(129) + "~1")) {
            SwitchboardException refused = assertThrows(SwitchboardException.class, () -> Names.parse(bad), bad);
            assertEquals(BusErrors.UNKNOWN_MESSAGE, refused.code());
        }
    }
}
