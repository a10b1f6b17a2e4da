package io.switchboard.itests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.switchboard.client.ClientOptions;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.TestKeystore;

/** HTTPS and WSS on their own port, with a generated development certificate or a configured keystore. */
class TlsTest {

    private static final Map<String, String> ENV = RuntimeProcess.testEnv("core,edge");

    @TempDir
    Path work;

    /** Trusts any certificate: the test's own self-signed one. Never outside tests. */
    private static SSLContext trustingEverything() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return context;
    }

    private static void assertServesTls(int httpsPort) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trustingEverything()).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("max-age=31536000", health.headers().firstValue("Strict-Transport-Security").orElse(null), "HSTS over HTTPS");

        CompletableFuture<String> welcome = new CompletableFuture<>();
        WebSocket socket = client.newWebSocketBuilder().subprotocols("switchboard.v1")
                .buildAsync(URI.create("wss://127.0.0.1:" + httpsPort + "/api/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        welcome.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"id\":1,\"action\":\"handshake\"}", true);
        assertTrue(welcome.get(10, TimeUnit.SECONDS).contains("\"ok\":true"), "a WSS session starts");
        socket.abort();

        ClientOptions options = ClientOptions.to(URI.create("wss://127.0.0.1:" + httpsPort + "/api/ws")).withSslContext(trustingEverything());
        try (SwitchboardClient java = SwitchboardClient.connect(options).getValue()) {
            assertTrue(java.sessionId() != null, "the Java client connects over WSS");
        }
    }

    @Test
    void aSelfSignedDevelopmentCertificateIsGeneratedOnRequestAndKeptOwnerOnly() throws Exception {
        Path home = work.resolve("home");
        int httpsPort = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.start(home, FreePort.pick(), ENV,
                "--https-port", Integer.toString(httpsPort), "--tls-self-signed").awaitReady()) {
            assertTrue(runtime.log().contains("self-signed certificate: for development only"), runtime.log());
            assertServesTls(httpsPort);
            assertTrue(runtime.http().get("/health").headers().firstValue("Strict-Transport-Security").isEmpty(), "no HSTS over plain HTTP");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(home.resolve("data/tls/self-signed.password"))));
            assertEquals(0, runtime.stop());
        }
    }

    @Test
    void aConfiguredKeystoreIsUsedWithItsPasswordFromTheEnvironment() throws Exception {
        // Make a keystore the way an operator would (here with the JDK's keytool), then configure it.
        Path home = work.resolve("home");
        TestKeystore.make(home.resolve("etc/server.p12"), "store-secret");
        Files.writeString(home.resolve("etc/switchboard.properties"), "switchboard.features = core, edge\nswitchboard.tls.keystore = etc/server.p12\n");
        Map<String, String> env = new HashMap<>(ENV);
        env.put("SWITCHBOARD_TLS_KEYSTORE_PASSWORD", "store-secret");
        int httpsPort = FreePort.pick();
        env.put("SWITCHBOARD_HTTPS_PORT", Integer.toString(httpsPort));
        try (RuntimeProcess runtime = RuntimeProcess.start(home, FreePort.pick(), env).awaitReady()) {
            assertServesTls(httpsPort);
            assertEquals(0, runtime.stop());
        }
    }

    @Test
    void aKeystorePasswordThatDoesNotOpenTheKeystoreIsAClearConfigurationError() throws Exception {
        Path home = work.resolve("home");
        TestKeystore.make(home.resolve("etc/server.p12"), "store-secret");
        Files.writeString(home.resolve("etc/switchboard.properties"), "switchboard.tls.keystore = etc/server.p12\n");
        Map<String, String> env = new HashMap<>(ENV);
        env.put("SWITCHBOARD_TLS_KEYSTORE_PASSWORD", "not-the-password");
        try (RuntimeProcess runtime = RuntimeProcess.start(home, FreePort.pick(), env, "--https-port", Integer.toString(FreePort.pick()))) {
            assertEquals(2, runtime.awaitExit(Duration.ofSeconds(30)));
            assertTrue(runtime.log().contains("cannot be opened as PKCS#12 with the password"), runtime.log());
            assertFalse(runtime.log().contains("not-the-password"), "the password is not echoed: " + runtime.log());
        }
    }

    @Test
    void anHttpsPortWithoutACertificateIsAClearConfigurationError() {
        try (RuntimeProcess runtime = RuntimeProcess.start(work.resolve("home"), FreePort.pick(), ENV,
                "--https-port", Integer.toString(FreePort.pick()))) {
            assertEquals(2, runtime.awaitExit(Duration.ofSeconds(30)));
            assertTrue(runtime.log().contains("no certificate"), runtime.log());
        }
    }
}
