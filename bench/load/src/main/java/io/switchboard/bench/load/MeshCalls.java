package io.switchboard.bench.load;

import java.io.IOException;

/**
 * The remote call the mesh benchmarks make, in switchboard.v1 frames (docs/protocol.md): a session
 * opened with a handshake (and a login when the runtime is secure), and
 * {@code deviceManager.version()} in range {@code ^1.0.0}, which does no work of its own, so what is
 * measured is the edge and the mesh.
 */
final class MeshCalls {

    /** With this set, the runtime is secure and sessions log in as the administrator first. */
    static final String ADMIN_PASSWORD = System.getenv("SWITCHBOARD_ADMIN_PASSWORD");

    private MeshCalls() {
    }

    static WireSocket session(int port) throws IOException {
        WireSocket socket = new WireSocket(port);
        socket.send("{\"id\":0,\"action\":\"handshake\",\"client\":\"mesh-load\"}", true);
        expectOk(socket.receive());
        if (ADMIN_PASSWORD != null) {
            socket.send("{\"id\":0,\"action\":\"login\",\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}", true);
            expectOk(socket.receive());
        }
        return socket;
    }

    /** The call frame with the given request id. */
    static String call(long id) {
        return "{\"id\":" + id + ",\"action\":\"call\",\"component\":\"deviceManager\",\"method\":\"version\",\"args\":[],"
                + "\"options\":{\"range\":\"^1.0.0\"}}";
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

    static void expectOk(String answer) throws IOException {
        if (!ok(answer)) {
            throw new IOException("the runtime refused: " + answer);
        }
    }
}
