package io.switchboard.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.client.ClientOptions;
import io.switchboard.client.SwitchboardClient;

/**
 * The client against a scripted server on a loopback socket: pipelined calls matched to their
 * answers whatever their order, and a connection lost with calls in flight fails every one of them
 * with the client's own error.
 */
@Timeout(30)
class ClientImplTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerSocket listener;
    private SwitchboardClient client;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /**
     * The server's side of the test's connection, held until the test ends: a test that does not
     * keep it would let the collector close its socket mid-test (the client then saw a reset).
     */
    private ScriptedServer accepted;

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close();
        }
        if (accepted != null) {
            accepted.socket.close();
        }
        listener.close();
    }

    /** Connects the client and accepts its connection; returns the server's side, past the handshake. */
    private ScriptedServer connected() throws Exception {
        return connected(ClientOptions.DEFAULT_MAX_QUEUED_BYTES);
    }

    private ScriptedServer connected(int maxQueuedBytes) throws Exception {
        Promise<SwitchboardClient> connecting = SwitchboardClient.connect(ClientOptions.to(
                URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/api/ws")).withReconnect(java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(60))
                .withMaxQueuedBytes(maxQueuedBytes));
        ScriptedServer server = new ScriptedServer(listener.accept());
        accepted = server;
        JsonNode handshake = server.read();
        assertEquals("handshake", handshake.get("action").asText());
        server.write("{\"id\":" + handshake.get("id") + ",\"ok\":true,\"result\":{\"session\":\"s1\"}}");
        client = connecting.timeout(10_000).getValue();
        return server;
    }

    @Test
    void pipelinedCallsGetTheirOwnAnswersWhateverTheirOrder() throws Exception {
        ScriptedServer server = connected();
        List<Promise<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(client.call("deviceManager", "echo", List.of(i)));
        }
        List<JsonNode> requests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            requests.add(server.read());
        }
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        for (int i = requests.size() - 1; i >= 0; i--) { // last first, all in one write
            JsonNode request = requests.get(i);
            answers.writeBytes(ServerFrames.text("{\"id\":" + request.get("id") + ",\"ok\":true,\"result\":" + request.get("args").get(0) + "}"));
        }
        server.socket.getOutputStream().write(answers.toByteArray());

        for (int i = 0; i < 200; i++) {
            assertEquals(i, calls.get(i).timeout(10_000).getValue().asInt());
        }
    }

    @Test
    void aCallCarriesItsArgumentsAndOptionsAndRefusesArgumentsThatAreNotJson() throws Exception {
        ScriptedServer server = connected();
        client.call("deviceManager", "update", List.of(java.util.Map.of("deviceId", "t1"), 42),
                CallOptions.defaults().sticky("user-7").range("^1.1.0").timeout(java.time.Duration.ofMillis(2500)));
        client.call("deviceManager", "version", List.of());

        JsonNode call = server.read();
        assertEquals("call", call.get("action").asText());
        assertEquals(JSON.readTree("{\"component\":\"deviceManager\",\"method\":\"update\",\"args\":[{\"deviceId\":\"t1\"},42],"
                + "\"options\":{\"route\":\"sticky\",\"key\":\"user-7\",\"range\":\"^1.1.0\",\"timeoutMillis\":2500}}"),
                withoutIdAndAction(call));
        assertEquals(JSON.readTree("{\"component\":\"deviceManager\",\"method\":\"version\",\"args\":[]}"), withoutIdAndAction(server.read()));

        SwitchboardException notJson = assertInstanceOf(SwitchboardException.class,
                client.call("deviceManager", "update", List.of(new Object())).timeout(10_000).getFailure());
        assertEquals("client.bad-arguments", notJson.code());
        assertTrue(notJson.getMessage().startsWith("the request cannot be sent as JSON: "), notJson.getMessage());
    }

    private static JsonNode withoutIdAndAction(JsonNode request) {
        com.fasterxml.jackson.databind.node.ObjectNode fields = request.deepCopy();
        fields.remove("id");
        fields.remove("action");
        return fields;
    }

    @Test
    void aConnectionLostWithCallsInFlightFailsEveryOneWithTheClientsError() throws Exception {
        ScriptedServer server = connected();
        List<Promise<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(client.call("deviceManager", "version", List.of()));
        }
        for (int i = 0; i < 5; i++) {
            server.read();
        }
        server.socket.setSoLinger(true, 0); // a reset, as a crashed server's
        server.socket.close();

        for (Promise<JsonNode> call : calls) {
            Throwable failure = call.timeout(10_000).getFailure();
            SwitchboardException error = assertInstanceOf(SwitchboardException.class, failure);
            assertEquals("client.disconnected", error.code());
            assertTrue(error.getMessage().startsWith("the connection was lost"), error.getMessage());
        }
        SwitchboardException later = assertInstanceOf(SwitchboardException.class,
                client.call("deviceManager", "version", List.of()).timeout(10_000).getFailure());
        assertEquals("client.disconnected", later.code());
    }

    /**
     * A server that stops reading: calls pile up in the client's send queue until the bound set in
     * the options (64 KiB here), far below the default 16 MiB, then fail with client.overloaded
     * without being sent; the queue does not grow past it.
     */
    @Test
    void callsPastTheSendQueueBoundSetInTheOptionsFailWithOverloaded() throws Exception {
        connected(64 * 1024);
        String big = "x".repeat(8 * 1024);
        long acceptedBytes = 0;
        SwitchboardException overloaded = null;
        for (int i = 0; i < 2_000 && overloaded == null; i++) { // 16 MB of calls at most: the default bound would take them all
            Promise<JsonNode> call = client.call("deviceManager", "echo", List.of(big));
            if (call.isDone() && call.getFailure() instanceof SwitchboardException refused) {
                overloaded = refused;
            } else {
                acceptedBytes += big.length();
            }
        }
        assertTrue(overloaded != null, "no call refused after " + acceptedBytes + " bytes with a bound of 64 KiB");
        assertEquals("client.overloaded", overloaded.code());
        assertTrue(overloaded.getMessage().contains("more than 65536 bytes") && overloaded.getMessage().contains("maxQueuedBytes"),
                overloaded.getMessage());
        assertTrue(acceptedBytes < ClientOptions.DEFAULT_MAX_QUEUED_BYTES / 2, acceptedBytes + " bytes taken before the first refusal");
    }

    /** The server's side of one connection: the upgrade, then frames read and written raw. */
    private static final class ScriptedServer {

        final Socket socket;
        private final DataInputStream in;

        ScriptedServer(Socket socket) throws Exception {
            this.socket = socket;
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(10));
            this.in = new DataInputStream(socket.getInputStream());
            String key = null;
            for (String line = line(); !line.isEmpty(); line = line()) {
                if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                    + Base64.getEncoder().encodeToString(digest) + "\r\nSec-WebSocket-Protocol: switchboard.v1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the client closed during the upgrade");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        /** The next text frame from the client, as JSON. */
        JsonNode read() throws IOException {
            return JSON.readTree(ServerFrames.readClientText(in));
        }

        void write(String json) throws IOException {
            socket.getOutputStream().write(ServerFrames.text(json));
        }
    }
}
