package io.switchboard.itests.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RawHttp;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.TestKeystore;

/**
 * The stock console pages that list framework properties (Status → Framework Properties, bundle
 * 0's details) showed two secrets to administrators: the console's own password hash and the TLS
 * keystore password (from the environment or from etc/switchboard.properties). Neither is a
 * framework property any more: with the security feature the console only logs in through
 * Switchboard's users, and the keystore password goes to the HTTP bundle's HTTPS connector alone.
 */
class ConsoleSecretsRegressionTest {

    private static final String PASSWORD = "itest-secret";
    private static final String STORE_SECRET = "store-secret-4711";

    @TempDir
    Path work;

    @Test
    void noPageThatListsFrameworkPropertiesShowsAPasswordOrAHash() throws Exception {
        Path home = work.resolve("home");
        Path keystore = TestKeystore.make(home.resolve("etc/server.p12"), STORE_SECRET);
        int httpsPort = FreePort.pick();
        // The password in etc/ this time (TlsTest takes it from the environment): etc/ settings become
        // framework properties, except the launcher's own secrets.
        Files.writeString(home.resolve("etc/switchboard.properties"), "switchboard.tls.keystore = etc/server.p12\n"
                + "switchboard.tls.keystore.password = " + STORE_SECRET + "\n");
        Map<String, String> env = RuntimeProcess.testEnv("core,edge,webconsole,security");
        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.start(home, port, env, "--https-port", Integer.toString(httpsPort)).awaitReady()) {
            assertEquals(200, overHttps(httpsPort, keystore), "HTTPS is served with the keystore's password");
            for (String page : new String[] {"status-Framework%20Properties.txt", "bundles/0.json"}) {
                RawHttp.Response answer = new RawHttp(port).send("GET", "/system/console/" + page,
                        "Authorization: Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes()));
                assertEquals(200, answer.status(), answer.body());
                String body = answer.body();
                assertTrue(body.contains("felix.webconsole.security.providers"), page + " lists the framework properties");
                assertTrue(body.contains("switchboard.tls.port"), page + " lists the launcher's TLS settings");
                assertFalse(body.contains(STORE_SECRET), page + " shows the keystore password");
                assertFalse(body.contains("felix.webconsole.password"), page + " names the console's password");
                assertFalse(body.contains("{sha-256}"), page + " shows a password hash");
                assertFalse(body.contains(PASSWORD), page + " shows the admin password");
            }
            assertEquals(0, runtime.stop());
        }
    }

    /** GET /health over HTTPS, trusting the test's own certificate only. */
    private static int overHttps(int port, Path keystore) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            trusted.load(in, STORE_SECRET.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
