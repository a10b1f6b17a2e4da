package io.switchboard.system.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void aNewlineCannotStartAForgedLine() {
        String forged = "curl\n2026-01-01T00:00:00Z [main] INFO audit - audit=login outcome=ok user=admin";
        String safe = LogText.of(forged);
        assertFalse(safe.contains("\n"), safe);
        assertTrue(safe.startsWith("curl\\n2026-01-01T00:00:00Z"), safe);
        assertEquals("a\\r\\nb\\tc", LogText.of("a\r\nb\tc"));
    }

    @Test
    void quotesAndBackslashesCannotEndAQuotedValueEarly() {
        assertEquals("\"x\\\" reason=\\\"forged\\\\\"", LogText.quoted("x\" reason=\"forged\\"));
    }

    @Test
    void controlFormatAndSeparatorCharactersAreEscaped() {
        assertEquals("\\u0000\\u001b[31m\\u007f\\u0085\\u2028\\u2029\\u202e", LogText.of("\u0000\u001b[31m\u007f\u0085\u2028\u2029\u202e"));
        assertEquals("lone \\ud800 surrogate", LogText.of("lone \ud800 surrogate"));
    }

    @Test
    void printableTextStaysAsItIsIncludingBeyondTheBasicPlane() {
        assertEquals("Zoë 東京 \uD83D\uDE00 {a:1}", LogText.of("Zoë 東京 \uD83D\uDE00 {a:1}"));
    }

    @Test
    void aLongValueIsCutAndSaysHowMuchWasLeftOut() {
        String huge = "x".repeat(900_000);
        String safe = LogText.of(huge, 100);
        assertEquals("x".repeat(100) + "...[899900 more chars]", safe);
        assertEquals(LogText.DEFAULT_MAX_CHARS + "...[899744 more chars]".length(), LogText.of(huge).length());
    }

    @Test
    void theCutCountsEscapedCharactersAsTheyAreWritten() {
        String safe = LogText.of("\n".repeat(1000), 10);
        assertEquals("\\n\\n\\n\\n\\n...[995 more chars]", safe);
    }

    @Test
    void nullIsWrittenAsNull() {
        assertEquals("null", LogText.of(null));
    }

    @Test
    void aBoundedThrowablePrintsLikeTheOriginalWithACutStackAndAnEncodedMessage() {
        StackOverflowError deep = deep(0);
        IllegalStateException failure = new IllegalStateException("bad\ninput", deep);
        StringWriter printed = new StringWriter();
        LogText.bounded(failure, 8).printStackTrace(new PrintWriter(printed));
        String text = printed.toString();
        assertTrue(text.startsWith("java.lang.IllegalStateException: bad\\ninput"), text);
        assertTrue(text.contains("Caused by: java.lang.StackOverflowError [stack cut to 8 of "), text);
        assertTrue(text.lines().count() < 30, text);
    }

    private static StackOverflowError deep(int depth) {
        try {
            return depth < 200 ? deep(depth + 1) : new StackOverflowError();
        } catch (StackOverflowError e) {
            return e;
        }
    }
}
