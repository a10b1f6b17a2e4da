package io.switchboard.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What comes from outside a page (a client's name, a pattern, a user's data) is never markup on it. */
class HtmlTest {

    private static final String SCRIPT = "<script>alert(1)</script>";

    @Test
    void textAndListsAreEscaped() {
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", Html.text(SCRIPT));
        assertEquals("", Html.text(null));
        assertFalse(Html.list(List.of("a", SCRIPT)).contains("<script>"));
        assertTrue(Html.list(List.of()).contains("none"));
    }

    @Test
    void aButtonsHiddenFieldsCannotLeaveTheirAttribute() {
        String button = Html.button("Close", "close", "session", "x\"><script>alert(1)</script>");
        assertFalse(button.contains("<script>"), button);
        assertFalse(button.contains("x\">"), button);
        assertTrue(button.startsWith("<form method=\"post\""), button);
        assertEquals(2, button.split("<input type=\"hidden\"", -1).length - 1, "the action and one field: " + button);
    }
}
