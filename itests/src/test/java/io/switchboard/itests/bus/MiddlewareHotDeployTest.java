package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.bus.link.StampLink;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RunningRuntime;

/**
 * The bus's middleware through a real runtime: the built-in links (producer identity, compression,
 * the topic's schema) and a custom link in a bundle dropped into deploy/, which takes part at once,
 * refuses, throws and hangs (each answered with its code, nothing stored) and leaves cleanly when removed.
 */
class MiddlewareHotDeployTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus")
            .withEtc("io.switchboard.bus.middleware.cfg", "linkTimeoutMillis=500\ncompressAboveBytes=1024\n");

    private static BusApi admin() {
        return BusApi.login(RUNTIME.port(), "admin", "itest-secret");
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    private static JsonNode publishAndLease(BusApi api, String topic, String payload) {
        api.publish(topic, payload, Map.of());
        JsonNode leased = api.lease(topic, "");
        assertEquals(1, leased.size(), leased.toString());
        assertEquals(200, api.ack(leased.get(0).path("id").asText(), null).status());
        return leased.get(0);
    }

    private static long depth(BusApi api, String topic) {
        return api.get("/api/bus/topics/" + topic).body().path("depth").asLong();
    }

    @Test
    void theProducerIsRecordedAndLargePayloadsComeBackAsSent() {
        BusApi admin = admin();
        String topic = unique("plain");
        admin.topic(topic, "{\"driver\": \"file\"}");
        JsonNode small = publishAndLease(admin, topic, "{\"n\": 1}");
        assertEquals("admin", small.path("headers").path("Bus-Producer").asText());
        String large = "{\"text\":\"" + "x".repeat(20_000) + "\"}";
        JsonNode back = publishAndLease(admin, topic, large);
        assertEquals(20_000, back.path("payload").path("text").asText().length());
        assertTrue(back.path("headers").path("Bus-Content-Encoding").isMissingNode(), "consumers never see the stored encoding");
    }

    @Test
    void aTopicSchemaRefusesWhatDoesNotFollowItWithTheViolations() {
        BusApi admin = admin();
        String topic = unique("orders");
        String schema = "{\"type\": \"object\", \"required\": [\"id\"], \"properties\": {\"id\": {\"type\": \"string\"}}}";
        BusApi.Answer made = admin.put("/api/bus/topics/" + topic, "{\"driver\": \"memory\", \"schema\": " + schema + "}");
        assertEquals(201, made.status(), made.toString());
        assertEquals("object", made.body().path("settings").path("schema").path("type").asText());
        BusApi.Answer refused = admin.post("/api/bus/topics/" + topic + "/messages", "{\"id\": 5}");
        assertEquals(422, refused.status());
        assertEquals("bus.schema-violation", refused.code());
        assertTrue(refused.body().path("error").path("message").asText().contains("id"), refused.toString());
        assertEquals(0, depth(admin, topic));
        admin.publish(topic, "{\"id\": \"a-1\"}", Map.of());
        assertEquals(1, depth(admin, topic));

        BusApi.Answer invalid = admin.put("/api/bus/topics/" + topic, "{\"schema\": {\"type\": 12}}");
        assertEquals("bus.invalid-schema", invalid.code(), invalid.toString());
        BusApi.Answer remote = admin.put("/api/bus/topics/" + topic, "{\"schema\": {\"$ref\": \"http://127.0.0.1:1/schema.json\"}}");
        assertEquals("bus.invalid-schema", remote.code(), remote.toString());
        assertEquals("object", admin.get("/api/bus/topics/" + topic).body().path("settings").path("schema").path("type").asText(),
                "a refused change changes nothing");
        assertEquals(200, admin.put("/api/bus/topics/" + topic, "{\"schema\": null}").status());
        admin.publish(topic, "{\"id\": 5}", Map.of());
    }

    @Test
    void aLinkDroppedIntoDeployTakesPartAtOnceAndLeavesCleanlyWhenRemoved() throws Exception {
        BusApi admin = admin();
        String topic = unique("stamped");
        admin.topic(topic, "{\"driver\": \"memory\"}");
        assertTrue(publishAndLease(admin, topic, "{\"n\": 0}").path("headers").path("Stamped-By").isMissingNode());

        Path jar = linkBundle(RUNTIME.scratch("stamp-link").resolve("stamp-link-1.0.0.jar"));
        Path deployed = Files.move(jar, RUNTIME.process().deploy().resolve(jar.getFileName()));
        JsonNode stamped = Await.until("the link takes part", Duration.ofSeconds(30), () -> {
            JsonNode message = publishAndLease(admin, topic, "{\"n\": 1}");
            return message.path("headers").has("Stamped-By") ? message : null;
        });
        assertEquals("yes", stamped.path("headers").path("Stamp-Seen").asText(), "it runs after delivery too");

        BusApi.Answer rejected = admin.post("/api/bus/topics/" + topic + "/messages", "{\"reject\": true}");
        assertEquals(422, rejected.status());
        assertEquals("bus.middleware-rejected", rejected.code());
        assertTrue(rejected.body().path("error").path("message").asText().contains("rejects are not taken here"), rejected.toString());
        BusApi.Answer broken = admin.post("/api/bus/topics/" + topic + "/messages", "{\"boom\": true}");
        assertEquals("bus.middleware-failed", broken.code(), broken.toString());
        assertFalse(broken.raw().contains("IllegalStateException"), "no Java class names: " + broken.raw());
        long started = System.nanoTime();
        BusApi.Answer hung = admin.post("/api/bus/topics/" + topic + "/messages", "{\"hang\": true}");
        assertEquals("bus.middleware-timeout", hung.code(), hung.toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 10_000, "answered after linkTimeoutMillis, not after the link's hang");
        assertEquals(0, depth(admin, topic), "nothing refused was stored");

        Files.delete(deployed);
        Await.until("the link leaves", Duration.ofSeconds(30),
                () -> publishAndLease(admin, topic, "{\"n\": 2}").path("headers").path("Stamped-By").isMissingNode());
        assertEquals(202, admin.post("/api/bus/topics/" + topic + "/messages", "{\"reject\": true}").status(), "its rules left with it");
    }

    /** The link's classes in a bundle of their own, importing only the middleware SPI and the framework. */
    private static Path linkBundle(Path target) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.switchboard.itests.stamp-link");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", StampLink.class.getName());
        main.putValue("Import-Package", "io.switchboard.bus.middleware;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\"");
        String entry = StampLink.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest);
                InputStream in = StampLink.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return target;
    }
}
