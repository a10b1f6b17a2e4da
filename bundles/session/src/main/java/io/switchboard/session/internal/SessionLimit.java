package io.switchboard.session.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many sessions may be open at once, and how many are: a place is taken before a session is
 * made and given back when it ends, so the count is exact however many connections arrive at once.
 *
 * <p>The configured {@code maxSessions} is lowered to what the process's open-file limit leaves
 * after a reserve for everything else (HTTP connections, the store, jars, the cluster): a
 * connection the limit refuses is closed with a code the client can read, while one that finds no
 * file descriptor left is never accepted at all and hangs until the client gives up. The reserve
 * is {@link #RESERVED_FILES}, or half the limit when that is smaller, so a process with a small
 * limit (1,024 is common) still takes half as many sessions, not one.
 */
final class SessionLimit {

    /** File descriptors kept for what is not a WebSocket session (at most half the limit). */
    static final int RESERVED_FILES = 1024;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    SessionLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, not " + max);
        }
        this.max = max;
    }

    /**
     * The configured maximum (0 or less: none, as for the other limits of the session layer),
     * lowered to the open-file limit less the reserve; at least 1.
     */
    static int effective(int configured, long openFileLimit) {
        long max = configured <= 0 ? Integer.MAX_VALUE : configured;
        if (openFileLimit > 0) {
            max = Math.min(max, openFileLimit - reserve(openFileLimit));
        }
        return (int) Math.max(1, max);
    }

    /** The file descriptors kept for other uses under this open-file limit. */
    static long reserve(long openFileLimit) {
        return Math.min(RESERVED_FILES, openFileLimit / 2);
    }

    /** The soft limit on open files of this process (Linux: /proc/self/limits), or -1 when unknown or unlimited. */
    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: no cap from it
        }
        return -1;
    }

    /**
     * Whether the outbound queue, shared by every session, has a place for one publication to each
     * of {@code maxSessions} sessions: a fan-out queues one frame per subscriber faster than they
     * are written, and a frame the full queue refuses is lost to its client.
     */
    static boolean broadcastFits(int outboundCapacity, int maxSessions) {
        return outboundCapacity >= maxSessions;
    }

    /** Takes a place for a new session; false when all are taken. */
    boolean take() {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back the place of a session that ended. */
    void release() {
        open.decrementAndGet();
    }

    int max() {
        return max;
    }
}
