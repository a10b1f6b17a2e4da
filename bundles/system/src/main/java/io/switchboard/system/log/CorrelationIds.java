package io.switchboard.system.log;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names for unexpected failures. The client's error message carries the id instead of the
 * failure's details (a Java class name tells an attacker what runs here and tells a user nothing);
 * the server's log line carries the same id with the details, so an operator finds one from the other.
 */
public final class CorrelationIds {

    private CorrelationIds() {
    }

    /** A new id, such as {@code e-3f9a1c2b7d04}: 48 random bits, unique enough among one runtime's failures. */
    public static String next() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "e-" + HexFormat.of().formatHex(bytes);
    }
}
