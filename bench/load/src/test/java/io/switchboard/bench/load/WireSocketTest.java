package io.switchboard.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * Frames from two sending threads and the reader's pong replies share one socket: each must reach
 * the server whole, never with another frame's bytes in the middle.
 */
class WireSocketTest {

    private static final int SENDERS = 2;
    private static final int FRAMES = 3_000;

    @Test
    void concurrentSendersAndPongsWriteWholeFrames() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<String> checked = threads.submit(() -> serve(server));
            try (WireSocket socket = new WireSocket(server.getLocalPort())) {
                // the reader answers the server's pings from its own thread, as the load drivers do
                threads.submit(() -> {
                    try {
                        while (true) {
                            socket.receive();
                        }
                    } catch (IOException closed) {
                        return null;
                    }
                });
                Future<?>[] senders = new Future<?>[SENDERS];
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    senders[s] = threads.submit(() -> {
                        for (int i = 0; i < FRAMES; i++) {
                            // sizes on both sides of the 126-byte boundary, so both length forms are written
                            socket.send(sender + ":" + i + ":" + "x".repeat(i % 200), i % 7 == 0);
                        }
                        socket.flush();
                        return null;
                    });
                }
                ExecutionException failed = null;
                for (Future<?> sender : senders) {
                    try {
                        sender.get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        failed = e; // most likely the server hung up on a torn frame: its finding says more
                    }
                }
                assertNull(checked.get(60, TimeUnit.SECONDS));
                if (failed != null) {
                    throw failed;
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Accepts one client, pings it while reading its frames; returns the first problem seen, or null. */
    private static String serve(ServerSocket server) throws Exception {
        try (Socket client = server.accept()) {
            client.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            OutputStream out = client.getOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            }
            out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            AtomicBoolean done = new AtomicBoolean();
            Thread pinger = new Thread(() -> {
                try {
                    for (int p = 0; !done.get(); p++) {
                        byte[] payload = ("p" + p).getBytes(StandardCharsets.US_ASCII);
                        synchronized (out) {
                            out.write(0x89);
                            out.write(payload.length);
                            out.write(payload);
                            out.flush();
                        }
                        Thread.sleep(0, 200_000);
                    }
                } catch (IOException | InterruptedException stopped) {
                    // the test is over
                }
            });
            pinger.start();
            try {
                int[] next = new int[SENDERS];
                int pongs = 0;
                int texts = 0;
                // read on until at least one pong is back too, so the reader's write path was exercised
                while (texts < SENDERS * FRAMES || pongs == 0) {
                    int first = in.readUnsignedByte();
                    int second = in.readUnsignedByte();
                    if ((second & 0x80) == 0) {
                        return "unmasked frame after " + texts + " frames, header " + first + "/" + second;
                    }
                    int length = second & 0x7f;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        return "64-bit length after " + texts + " frames";
                    }
                    byte[] mask = new byte[4];
                    in.readFully(mask);
                    byte[] payload = new byte[length];
                    in.readFully(payload);
                    for (int i = 0; i < length; i++) {
                        payload[i] ^= mask[i & 3];
                    }
                    String text = new String(payload, StandardCharsets.UTF_8);
                    if (first == 0x8A) {
                        if (!text.equals("p" + pongs)) {
                            return "pong " + pongs + " came back as '" + text + "'";
                        }
                        pongs++;
                    } else if (first == 0x81) {
                        String[] parts = text.split(":", 3);
                        int sender;
                        try {
                            sender = Integer.parseInt(parts[0]);
                        } catch (NumberFormatException e) {
                            return "garbled text frame '" + text + "'";
                        }
                        String expected = sender + ":" + next[sender] + ":" + "x".repeat(next[sender] % 200);
                        if (!text.equals(expected)) {
                            return "expected '" + expected + "', got '" + text + "'";
                        }
                        next[sender]++;
                        texts++;
                    } else {
                        return "bad opcode byte " + first + " after " + texts + " frames";
                    }
                }
                assertEquals(SENDERS * FRAMES, texts);
                return null;
            } finally {
                done.set(true);
                pinger.join(5_000);
            }
        }
    }
}
