package io.switchboard.cluster.internal.link;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.Base64;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.link.ClusterSecret.Role;

/**
 * The start of every node link: both sides prove that they hold the cluster secret, without sending
 * it, before the link carries anything else.
 *
 * <pre>
 * client → HELLO     {"v":1, "purpose", "node", "nonce"}
 * server → CHALLENGE {"node", "nonce", "proof"}        proof = HMAC(link key, SERVER, both nonces, both names)
 * client → PROOF     {"proof"}                         proof = HMAC(link key, CLIENT, both nonces, both names)
 * server → WELCOME   {...}  or  REFUSED {"code", "message"}
 * </pre>
 *
 * The client sends its proof even when the server's did not verify, so that both sides log a
 * mismatch. Every step is bounded in size and time.
 */
public final class Handshake {

    /** A link that will carry calls from the client's node to the server's. */
    public static final String CALLS = "calls";
    /** A joining node asking whether it may join (its secret, its name) before it starts Hazelcast. */
    public static final String PROBE = "probe";

    private static final Set<String> PURPOSES = Set.of(CALLS, PROBE);
    private static final int VERSION = 1;
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** What the server learns about a client that proved the secret. */
    public record Hello(String node, String purpose) {
    }

    /** What the client learns about a server that proved the secret: its name and its welcome. */
    public record Welcome(String node, JsonNode content) {
    }

    private Handshake() {
    }

    /**
     * The client's side, on a connected socket.
     *
     * @throws LinkRefused when either side does not hold the secret, or the server refuses the client
     */
    public static Welcome connect(Socket socket, DataInputStream in, OutputStream out, ClusterSecret secret, String node,
            String purpose) throws IOException {
        int timeout = bounded(socket);
        byte[] nonce = ClusterSecret.nonce();
        ObjectNode hello = JSON.createObjectNode().put("v", VERSION).put("purpose", purpose).put("node", node)
                .put("nonce", B64.encodeToString(nonce));
        write(out, Frames.HELLO, hello);
        Frame challengeFrame = Frames.read(in, Frames.MAX_HANDSHAKE_BYTES);
        refusedIf(challengeFrame);
        JsonNode challenge = expect(challengeFrame, Frames.CHALLENGE);
        String server = text(challenge, "node");
        byte[] serverNonce = bytes(challenge, "nonce");
        boolean serverHolds = secret.verify(bytes(challenge, "proof"), Role.SERVER, nonce, serverNonce, node, server);
        write(out, Frames.PROOF, JSON.createObjectNode().put("proof",
                B64.encodeToString(secret.proof(Role.CLIENT, nonce, serverNonce, node, server))));
        Frame answer = Frames.read(in, Frames.MAX_HANDSHAKE_BYTES);
        if (!serverHolds) {
            throw new LinkRefused(ClusterErrors.WRONG_SECRET, "the node " + server + " at " + socket.getRemoteSocketAddress()
                    + " holds another cluster secret");
        }
        refusedIf(answer);
        JsonNode welcome = expect(answer, Frames.WELCOME);
        socket.setSoTimeout(timeout);
        return new Welcome(server, welcome);
    }

    /**
     * The server's side, on an accepted socket.
     *
     * @param welcome what to tell a client that proved the secret
     * @throws LinkRefused   when the client did not prove the secret (it has been told)
     * @throws LinkViolation when the client does not speak the protocol
     */
    public static Hello accept(Socket socket, DataInputStream in, OutputStream out, ClusterSecret secret, String node,
            Function<Hello, ObjectNode> welcome) throws IOException {
        int timeout = bounded(socket);
        JsonNode hello = expect(Frames.read(in, Frames.MAX_HANDSHAKE_BYTES), Frames.HELLO);
        if (hello.path("v").asInt() != VERSION) {
            refuse(out, new LinkViolation("a link handshake of version " + hello.path("v") + " (this node speaks " + VERSION + ")"));
        }
        String purpose = text(hello, "purpose");
        String client = text(hello, "node");
        if (!PURPOSES.contains(purpose) || !NodeNames.valid(client)) {
            refuse(out, new LinkViolation("a link handshake with purpose '" + clip(purpose) + "' from node '" + clip(client) + "'"));
        }
        byte[] clientNonce = bytes(hello, "nonce");
        byte[] nonce = ClusterSecret.nonce();
        write(out, Frames.CHALLENGE, JSON.createObjectNode().put("node", node).put("nonce", B64.encodeToString(nonce))
                .put("proof", B64.encodeToString(secret.proof(Role.SERVER, clientNonce, nonce, client, node))));
        JsonNode proof = expect(Frames.read(in, Frames.MAX_HANDSHAKE_BYTES), Frames.PROOF);
        if (!secret.verify(bytes(proof, "proof"), Role.CLIENT, clientNonce, nonce, client, node)) {
            refuse(out, new LinkRefused(ClusterErrors.WRONG_SECRET, "the node '" + client + "' at " + socket.getRemoteSocketAddress()
                    + " did not prove the cluster secret"));
        }
        Hello accepted = new Hello(client, purpose);
        write(out, Frames.WELCOME, welcome.apply(accepted));
        socket.setSoTimeout(timeout);
        return accepted;
    }

    /** Tells the client why (best effort), then fails the handshake with the same reason. */
    private static void refuse(OutputStream out, IOException reason) throws IOException {
        String code = reason instanceof LinkRefused refused ? refused.code() : ClusterErrors.PROTOCOL;
        try {
            write(out, Frames.REFUSED, JSON.createObjectNode().put("code", code).put("message", reason.getMessage()));
        } catch (IOException alreadyGone) {
            // the client left: the reason is still logged on this side
        }
        throw reason;
    }

    private static int bounded(Socket socket) throws SocketException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return previous;
    }

    private static void refusedIf(Frame frame) throws IOException {
        if (frame.type() == Frames.REFUSED) {
            JsonNode reason = parse(frame);
            throw new LinkRefused(reason.path("code").asText(ClusterErrors.PROTOCOL), reason.path("message").asText("refused"));
        }
    }

    private static JsonNode expect(Frame frame, byte type) throws IOException {
        if (frame.type() != type) {
            throw new LinkViolation("frame type " + frame.type() + " where the handshake expects " + type);
        }
        return parse(frame);
    }

    private static JsonNode parse(Frame frame) throws LinkViolation {
        try {
            JsonNode node = JSON.readTree(frame.payload());
            if (node == null || !node.isObject()) {
                throw new LinkViolation("a handshake frame that is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new LinkViolation("a handshake frame that is not JSON");
        }
    }

    private static String text(JsonNode node, String field) throws LinkViolation {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new LinkViolation("a handshake frame without '" + field + "'");
        }
        return value.asText();
    }

    private static byte[] bytes(JsonNode node, String field) throws LinkViolation {
        try {
            byte[] value = B64D.decode(text(node, field));
            if (value.length < 16 || value.length > 64) {
                throw new LinkViolation("a handshake '" + field + "' of " + value.length + " bytes");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new LinkViolation("a handshake '" + field + "' that is not base64");
        }
    }

    private static void write(OutputStream out, byte type, ObjectNode content) throws IOException {
        out.write(Frames.encode(type, 0, JSON.writeValueAsBytes(content)));
        out.flush();
    }

    /** Text from an unauthenticated peer, cut short for a log line. */
    static String clip(String text) {
        if (text == null) {
            return "";
        }
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }
}
