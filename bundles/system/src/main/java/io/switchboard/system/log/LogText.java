package io.switchboard.system.log;

/**
 * Values from outside made fit for one log line: a newline in a client's field must not start a
 * forged line, a 900 KB field must not become 900 KB of log, and a quote must not end a quoted
 * value early.
 *
 * <p>The encoding is the one of a JSON string, so a reader can undo it: {@code \} and {@code "}
 * are escaped, {@code \n}, {@code \r} and {@code \t} keep their short forms, and every other
 * character that is not printed as itself (control and format characters such as U+0000-U+001F,
 * U+007F-U+009F, the Unicode line and paragraph separators, bidirectional overrides, lone
 * surrogates) becomes {@code \}{@code uXXXX}. The result is at most {@code maxChars} characters
 * long plus a short suffix that says how much was cut, and computing it reads no more of the
 * value than it keeps.
 */
public final class LogText {

    /** What a value may take on a log line unless the caller says otherwise. */
    public static final int DEFAULT_MAX_CHARS = 256;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {
    }

    /** The value encoded and cut to {@value #DEFAULT_MAX_CHARS} characters; {@code null} is {@code null}. */
    public static String of(Object value) {
        return of(value, DEFAULT_MAX_CHARS);
    }

    /** The value encoded and cut to {@code maxChars} characters (at least 1). */
    public static String of(Object value, int maxChars) {
        String text = String.valueOf(value);
        int limit = Math.max(1, maxChars);
        StringBuilder out = new StringBuilder(Math.min(text.length(), limit) + 16);
        int i = 0;
        while (i < text.length()) {
            int before = out.length();
            int next = append(text, i, out);
            if (out.length() > limit) {
                out.setLength(before);
                break;
            }
            i = next;
        }
        if (i < text.length()) {
            out.append("...[").append(text.length() - i).append(" more chars]");
        }
        return out.toString();
    }

    /** {@link #of(Object)} between double quotes, for {@code key="value"} lines. */
    public static String quoted(Object value) {
        return '"' + of(value) + '"';
    }

    /** Appends the character (or surrogate pair) at {@code i}, encoded; returns the index after it. */
    private static int append(String text, int i, StringBuilder out) {
        char c = text.charAt(i);
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '"' -> out.append("\\\"");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int codePoint = text.codePointAt(i);
                    if (printable(codePoint)) {
                        out.append(c).append(text.charAt(i + 1));
                    } else {
                        escape(c, out);
                        escape(text.charAt(i + 1), out);
                    }
                    return i + 2;
                }
                if (printable(c)) {
                    out.append(c);
                } else {
                    escape(c, out);
                }
            }
        }
        return i + 1;
    }

    private static boolean printable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    private static void escape(char c, StringBuilder out) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }

    /**
     * A stand-in for a throwable, fit for a log record: its class and message encoded and bounded,
     * its stack cut to {@code maxFrames} frames, and at most three causes. A deep recursion's
     * {@code StackOverflowError} otherwise writes a thousand frames for every request that hits it.
     */
    public static Throwable bounded(Throwable failure, int maxFrames) {
        return failure == null ? null : new BoundedThrowable(failure, Math.max(1, maxFrames), 3);
    }

    /** {@link #bounded(Throwable, int)} with 32 frames. */
    public static Throwable bounded(Throwable failure) {
        return bounded(failure, 32);
    }

    /** Prints as the original (class: message), with a cut stack; it is never thrown. */
    private static final class BoundedThrowable extends Throwable {

        private static final long serialVersionUID = 1L;

        private final String description;

        BoundedThrowable(Throwable original, int maxFrames, int causes) {
            super(null, original.getCause() == null || causes == 0 || original.getCause() == original ? null
                    : new BoundedThrowable(original.getCause(), maxFrames, causes - 1), false, true);
            StackTraceElement[] frames = original.getStackTrace();
            String cut = frames.length > maxFrames ? " [stack cut to " + maxFrames + " of " + frames.length + " frames]" : "";
            this.description = of(original.getClass().getName() + (original.getMessage() == null ? "" : ": " + original.getMessage()), 1024) + cut;
            setStackTrace(frames.length > maxFrames ? java.util.Arrays.copyOf(frames, maxFrames) : frames);
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
