package io.switchboard.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The driver's HTTP/1.1 connection: answers of a length and in chunks, several on one connection, as a server writes them. */
class Http1ConnectionTest {

    @Test
    void chunksAreUndoneAndTheBodyEndsAtTheLastOne() throws IOException {
        String wire = "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\n\r\nNEXT";
        InputStream in = new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII));
        assertEquals("hello, world", new String(new Http1Connection.Chunks(in).readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals("NEXT", new String(in.readAllBytes(), StandardCharsets.US_ASCII), "nothing after the last chunk is taken");
        InputStream open = new ByteArrayInputStream("5\r\nhello".getBytes(StandardCharsets.US_ASCII));
        byte[] first = new byte[16];
        assertEquals(5, new Http1Connection.Chunks(open).read(first, 0, 16), "a chunk's data is handed over before the CRLF after it comes (Jetty sends it with the next chunk)");
        assertThrows(IOException.class, () -> new Http1Connection.Chunks(new ByteArrayInputStream("5\r\nhel".getBytes(StandardCharsets.US_ASCII))).readAllBytes());
    }

    @Test
    void answersOfALengthAndInChunksFollowEachOtherOnOneConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket socket = server.accept(); InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                    String first = Http1Connection.line(in);
                    while (!Http1Connection.line(in).isEmpty()) {
                        // headers
                    }
                    in.readNBytes(2); // the body "[]"
                    out.write(("HTTP/1.1 202 Accepted\r\nContent-Length: " + first.length() + "\r\n\r\n" + first).getBytes(StandardCharsets.US_ASCII));
                    while (!Http1Connection.line(in).isEmpty()) {
                        // the second request: a head only
                    }
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            peer.start();
            try (Http1Connection connection = new Http1Connection(URI.create("http://127.0.0.1:" + server.getLocalPort()), "t")) {
                Http1Connection.Answer first = connection.exchange("POST", "/a?b=c", "[]".getBytes(StandardCharsets.US_ASCII));
                assertEquals(202, first.status());
                assertEquals("POST /a?b=c HTTP/1.1", first.text());
                Http1Connection.Answer second = connection.exchange("POST", "/b", null);
                assertEquals(200, second.status());
                assertArrayEquals("ok".getBytes(StandardCharsets.US_ASCII), second.body());
            }
            peer.join();
        }
    }
}
