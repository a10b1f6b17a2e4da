package io.switchboard.itests.errors;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 11 item 16: every error code docs/protocol.md documents is what the runtime answers when a
 * client makes that mistake. The rows live in one file per owner ({@link DataErrorRows},
 * {@link SecurityErrorRows}; the HTTP server's and the mesh's can join the same way: a file, and
 * its lists added in {@link #rows()}, {@link #exempt()} and {@link #prefixes()}); each declares the
 * code prefixes it covers, and for those every documented code must have a row (or an exemption
 * that says what tests it instead), and every row a documented code. The runtime runs with small
 * limits so that each one is reached quickly.
 */
class DocumentedErrorCodesTest {

    /** A code as the docs' tables name it: in the first cell of a row, in backquotes (a cell may name several). */
    private static final Pattern FIRST_CELL = Pattern.compile("(?m)^\\| ([^|]*) \\|");
    private static final Pattern CODE = Pattern.compile("`([a-z]+\\.[a-z][a-z-]*)`");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security")
            .withEtc("io.switchboard.security.cfg", "password.iterations = 10000\n")
            .withEtc("io.switchboard.session.cfg", "rate.limit = 50\nrate.burst = 100\ndispatch.direct = false\n")
            // room for a request and the one before it, which holds its place until just after it answered
            .withEtc("io.switchboard.queue.cfg", "inbound.capacity = 2\ninbound.threads = 1\n")
            .withEtc("io.switchboard.data.cfg", "queryTimeoutMillis = 200\n")
            .withEtc("io.switchboard.subscription.cfg", "maxSubscriptionsPerSession = 3\n")
            .withEtc("io.switchboard.data.http.cfg", "max.body.bytes = 65536\n");

    private static String adminToken;

    @BeforeAll
    static void logIn() throws Exception {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RUNTIME.port() + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"itest-secret\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        adminToken = Http.json(login).get("token").asText();
    }

    private static List<ErrorRow> rows() {
        List<ErrorRow> rows = new ArrayList<>(DataErrorRows.ROWS);
        rows.addAll(SecurityErrorRows.ROWS);
        return rows;
    }

    private static List<ErrorRow.Exempt> exempt() {
        List<ErrorRow.Exempt> exempt = new ArrayList<>(DataErrorRows.EXEMPT);
        exempt.addAll(SecurityErrorRows.EXEMPT);
        return exempt;
    }

    private static List<String> prefixes() {
        List<String> prefixes = new ArrayList<>(DataErrorRows.PREFIXES);
        prefixes.addAll(SecurityErrorRows.PREFIXES);
        return prefixes;
    }

    /** The codes docs/protocol.md's tables list, of the prefixes the rows cover. */
    private static Set<String> documentedCodes() {
        Set<String> codes = new TreeSet<>(allDocumentedCodes());
        codes.removeIf(code -> prefixes().stream().noneMatch(code::startsWith));
        return codes;
    }

    /** Every code docs/protocol.md's tables list, whoever's rows cover it. */
    private static Set<String> allDocumentedCodes() {
        Path docs = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("../docs/protocol.md");
        String text;
        try {
            text = Files.readString(docs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> codes = new TreeSet<>();
        Matcher cells = FIRST_CELL.matcher(text);
        while (cells.find()) {
            Matcher matcher = CODE.matcher(cells.group(1));
            while (matcher.find()) {
                codes.add(matcher.group(1));
            }
        }
        return codes;
    }

    @Test
    void everyDocumentedCodeHasARowAndEveryRowADocumentedCode() {
        Set<String> documented = documentedCodes();
        assertTrue(documented.size() > 20, "the docs were read: " + documented);
        Set<String> covered = new TreeSet<>();
        rows().forEach(row -> covered.add(row.code()));
        exempt().forEach(exempt -> covered.add(exempt.code()));
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(covered);
        assertEquals(Set.of(), missing, "documented codes with no row");
        Set<String> undocumented = new TreeSet<>(covered);
        undocumented.removeAll(allDocumentedCodes());
        assertEquals(Set.of(), undocumented, "rows for codes docs/protocol.md does not document");
    }

    @TestFactory
    Stream<DynamicTest> eachRowGetsItsCode() {
        return rows().stream().map(row -> DynamicTest.dynamicTest(row.code() + ": " + row.how(), () -> {
            try (Connections env = new Connections()) {
                assertEquals(row.code(), row.provoke().codeSeen(env), row.how());
            }
        }));
    }

    @Test
    void setWithNoStoreAnswersNullAsDocumented() {
        try (Connections env = new Connections()) {
            ObjectNode set = object().put("path", "/errors/nostore");
            set.putObject("data").put("v", 1);
            set.putObject("options").put("noStore", true);
            assertTrue(env.client(adminToken).ok("set", set).isNull(), "nothing was stored, so nothing is answered");
            assertTrue(env.client(adminToken).ok("get", object().put("path", "/errors/nostore")).isNull());
        }
    }

    /** The rows' environment; closes every connection a row opened. */
    private static final class Connections implements ErrorRow.Env, AutoCloseable {
        private final List<AutoCloseable> open = new ArrayList<>();

        @Override
        public int port() {
            return RUNTIME.port();
        }

        @Override
        public String adminToken() {
            return adminToken;
        }

        @Override
        public WireClient client(String token) {
            WireClient client = WireClient.connect(port());
            open.add(client);
            client.ok("login", object().put("token", token));
            return client;
        }

        @Override
        public RawWebSocket raw(String token) {
            RawWebSocket ws = rawUnopened();
            ws.sendText("{\"id\":\"handshake\",\"action\":\"handshake\"}");
            ws.readText();
            ws.sendText("{\"id\":\"login\",\"action\":\"login\",\"token\":\"" + token + "\"}");
            JsonNode login = WireClient.json(ws.readText());
            assertTrue(login.path("ok").asBoolean(), login.toString());
            return ws;
        }

        @Override
        public RawWebSocket rawUnopened() {
            RawWebSocket ws = RawWebSocket.connect(port(), "/api/ws", "switchboard.v1");
            open.add(ws);
            return ws;
        }

        @Override
        public HttpResponse<String> http(String method, String path, byte[] body, String token) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            try {
                return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String codeOf(String json) {
            if (json == null) {
                return "no answer";
            }
            JsonNode answer = WireClient.json(json);
            return answer.path("error").path("code").asText("no error: " + json);
        }

        @Override
        public void close() {
            for (AutoCloseable connection : open) {
                try {
                    connection.close();
                } catch (Exception e) {
                    // already gone
                }
            }
        }
    }
}
