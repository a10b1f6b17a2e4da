package io.switchboard.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The remote call the mesh benchmarks make, in switchboard.v1 frames (docs/protocol.md): a session
 * opened with a handshake (and a login when the runtime is secure), and
 * {@code deviceManager.version()} in range {@code ^1.0.0}, which does no work of its own, so what is
 * measured is the edge and the mesh.
 */
final class MeshCalls {

    /**
     * With this set, the runtime is secure: sessions log in as {@link #USER}, an ordinary user whose
     * only grant is {@code call} on this method, as an application's would be (made once per run by
     * the administrator with this password).
     */
    static final String ADMIN_PASSWORD = System.getenv("SWITCHBOARD_ADMIN_PASSWORD");
    static final String USER = "mesh-bench";
    static final String USER_PASSWORD = "mesh-bench-password";
    private static boolean userMade;

    private MeshCalls() {
    }

    static FrameSocket session(int port) throws IOException {
        FrameSocket socket = handshake(port);
        if (ADMIN_PASSWORD != null) {
            makeUser(port);
            login(socket, USER, USER_PASSWORD);
        }
        return socket;
    }

    /** Once per JVM, as the administrator: the user the load runs as (upserted, so runs can repeat). */
    static synchronized void makeUser(int port) throws IOException {
        if (userMade) {
            return;
        }
        try (FrameSocket admin = handshake(port)) {
            login(admin, "admin", ADMIN_PASSWORD);
            admin.send("{\"id\":0,\"action\":\"security.upsertUser\",\"username\":\"" + USER + "\",\"password\":\"" + USER_PASSWORD
                    + "\",\"permissions\":[{\"pattern\":\"/_exchange/deviceManager/version\",\"actions\":[\"call\"]}]}", true);
            expectOk(admin.receive());
        }
        userMade = true;
    }

    private static FrameSocket handshake(int port) throws IOException {
        FrameSocket socket = FrameSocket.open(port);
        socket.send("{\"id\":0,\"action\":\"handshake\",\"client\":\"mesh-load\"}", true);
        expectOk(socket.receive());
        return socket;
    }

    private static void login(FrameSocket socket, String username, String password) throws IOException {
        socket.send("{\"id\":0,\"action\":\"login\",\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", true);
        expectOk(socket.receive());
    }

    /**
     * The range each call names: {@code ^1.0.0} unless MESH_BENCH_RANGE says otherwise; {@code none}
     * sends no options, as the Java client does by default (so the two can be compared).
     */
    private static final String RANGE = System.getenv().getOrDefault("MESH_BENCH_RANGE", "^1.0.0");
    private static final String CALL_TAIL = ",\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\",\"args\":[]"
            + ("none".equals(RANGE) ? "}" : ",\"options\":{\"range\":\"" + RANGE + "\"}}");

    /** The call frame with the given request id. */
    static String call(long id) {
        return "{\"id\":" + id + CALL_TAIL;
    }

    static boolean ok(String answer) {
        return answer.contains("\"ok\":true");
    }

    /** The request id an answer echoes, or -1 for a frame without a numeric one (a publication, an error for an unreadable frame). */
    static long id(String answer) {
        int at = answer.indexOf("\"id\":");
        if (at < 0) {
            return -1;
        }
        int start = at + 5;
        int end = start;
        while (end < answer.length() && Character.isDigit(answer.charAt(end))) {
            end++;
        }
        return end == start ? -1 : Long.parseLong(answer.substring(start, end));
    }

    private static final byte[] OK = Bytes.ascii("\"ok\":true");
    private static final byte[] ID = Bytes.ascii("\"id\":");

    /** {@link #ok(String)} on a frame's bytes. */
    static boolean ok(ByteBuffer answer) {
        return Bytes.contains(answer, OK);
    }

    /** {@link #id(String)} on a frame's bytes. */
    static long id(ByteBuffer answer) {
        return Bytes.numberAfter(answer, ID);
    }

    static void expectOk(ByteBuffer answer) throws IOException {
        if (!ok(answer)) {
            throw new IOException("the runtime refused: " + Bytes.text(answer));
        }
    }

    static void expectOk(String answer) throws IOException {
        if (!ok(answer)) {
            throw new IOException("the runtime refused: " + answer);
        }
    }
}
