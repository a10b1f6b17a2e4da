package io.switchboard.bench.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection kept alive, used by one thread: a request written in one go, its answer read
 * back (status, then a body of its Content-Length or in chunks). The bus's benchmark uses it in place
 * of Java's HttpClient, whose selector thread and hand-offs between threads cost the driver more per
 * message than the requests themselves (bench/README-bus.md). Plain HTTP on 127.0.0.1 only.
 */
final class Http1Connection implements Closeable {

    /** A request's answer. */
    record Answer(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** As long as the HttpClient it replaces waited for an answer; a stream's events come far more often. */
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;
    private final String authorization;

    Http1Connection(URI base, String token) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS); // a runtime that stops answering ends the run, it does not hang it
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        host = base.getHost() + ":" + base.getPort();
        authorization = "Bearer " + token;
    }

    /** Sends a request ({@code body} null for none) and reads its whole answer. */
    Answer exchange(String method, String path, byte[] body) throws IOException {
        send(method, path, body, null);
        return new Answer(head(), readBody());
    }

    /** Sends a request and reads the answer's head; the body is then {@link #stream()}'s. */
    int open(String method, String path, String accept) throws IOException {
        send(method, path, null, accept);
        return head();
    }

    /** The body of an answer opened with {@link #open}, as it comes (chunks undone). */
    InputStream stream() {
        return chunked ? new Chunks(in) : in;
    }

    private void send(String method, String path, byte[] body, String accept) throws IOException {
        StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nAuthorization: ").append(authorization).append("\r\n");
        if (accept != null) {
            head.append("Accept: ").append(accept).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        } else if (!method.equals("GET")) {
            head.append("Content-Length: 0\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private long contentLength;
    private boolean chunked;

    /** Reads the status line and the headers; returns the status. */
    private int head() throws IOException {
        String status = line(in);
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + status);
        }
        contentLength = -1;
        chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        return Integer.parseInt(status.substring(9, 12));
    }

    private byte[] readBody() throws IOException {
        if (chunked) {
            return new Chunks(in).readAllBytes();
        }
        if (contentLength < 0) {
            throw new IOException("an answer without a length on a connection kept alive");
        }
        byte[] body = in.readNBytes((int) contentLength);
        if (body.length < contentLength) {
            throw new IOException("the connection ended inside an answer");
        }
        return body;
    }

    /** A line ended by CRLF, without it (headers are ASCII). */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A chunked body (RFC 9112 §7.1) as the bytes it carries; ends after the last chunk and its trailers. */
    static final class Chunks extends InputStream {
        private final InputStream in;
        private long left;
        private boolean started;
        private boolean done;

        Chunks(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                if (started && !line(in).isEmpty()) { // the CRLF after the last chunk's data, read only now:
                    throw new IOException("a chunk longer than its size"); // a server sends it with the next chunk
                }
                started = true;
                String size = line(in);
                int extension = size.indexOf(';');
                left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                if (left == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers: none expected
                    }
                    done = true;
                    return -1;
                }
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read < 0) {
                throw new IOException("the connection ended inside a chunk");
            }
            left -= read;
            return read;
        }
    }
}
