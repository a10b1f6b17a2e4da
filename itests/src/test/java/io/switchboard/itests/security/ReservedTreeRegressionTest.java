package io.switchboard.itests.security;

import static io.switchboard.itests.security.Attacker.ADMIN_PASSWORD;
import static io.switchboard.itests.security.Attacker.code;
import static io.switchboard.itests.security.Attacker.http;
import static io.switchboard.itests.security.Attacker.loggedIn;
import static io.switchboard.itests.security.Attacker.makeUser;
import static io.switchboard.itests.security.Attacker.permission;
import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.TempFolder;
import io.switchboard.itests.support.WireClient;

/**
 * Issue 11, item 1: a user granted everything on {@code /**} reaches nothing under {@code /_SYSTEM}
 * (reads over WebSocket and HTTP, a live subscription, writes, counts, removes), cannot make
 * itself an administrator by writing its own directory entry (checked across a restart), and
 * nobody, an administrator neither, reads password hashes through the data edges.
 */
class ReservedTreeRegressionTest {

    private static final String FEATURES = "core,edge,webconsole,security";

    /** A directory entry with the attacker's own password, in the store's format: what an attacker would write. */
    private static ObjectNode forgedAdministrator(String password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 10_000, 256)).getEncoded();
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        ObjectNode entry = object().put("password", "pbkdf2-sha256$10000$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash))
                .put("enabled", true);
        entry.putObject("custom");
        entry.putArray("groups").add("_ADMIN");
        entry.putArray("permissions");
        return entry;
    }

    private static boolean mentionsTheDirectory(String text) {
        return text.contains("_SYSTEM") || text.contains("pbkdf2");
    }

    @Test
    void aUserGrantedEverythingOnSlashStarStarNeverReachesTheReservedTree() throws Exception {
        try (TempFolder work = TempFolder.create("switchboard-reserved")) {
            Path home = work.resolve("home");
            Files.createDirectories(home.resolve("etc"));
            Files.writeString(home.resolve("etc/io.switchboard.security.cfg"), Attacker.SECURITY_CFG);
            int port = FreePort.pick();
            Map<String, String> env = RuntimeProcess.testEnv(FEATURES);
            try (RuntimeProcess runtime = RuntimeProcess.start(home, port, env).awaitReady()) {
                try (WireClient admin = loggedIn(port, "admin", ADMIN_PASSWORD)) {
                    makeUser(admin, "mallory", "m-pass", permission("/**", "get", "set", "on", "remove", "count"));
                    admin.ok("set", object().put("path", "/shop/a").set("data", object().put("v", 1)));
                }
                String token = Attacker.token(port, "mallory", "m-pass");
                try (WireClient mallory = loggedIn(port, "mallory", "m-pass"); WireClient admin = loggedIn(port, "admin", ADMIN_PASSWORD)) {
                    mallory.ok("on", object().put("path", "/**"));

                    // reads: one path, a pattern naming the tree, and /** which leaves it out
                    assertEquals("security.forbidden", mallory.error("get", object().put("path", "/_SYSTEM/security/users/admin")));
                    assertEquals("security.forbidden", mallory.error("get", object().put("path", "/_SYSTEM/**")));
                    assertEquals("security.forbidden", mallory.error("count", object().put("path", "/_SYSTEM/security/users/*")));
                    JsonNode everything = mallory.ok("get", object().put("path", "/**"));
                    assertFalse(mentionsTheDirectory(everything.toString()), everything.toString());
                    assertEquals(everything.size(), mallory.ok("count", object().put("path", "/**")).asInt(), "count agrees with get");
                    assertEquals(403, http(port, "GET", "/api/data/_SYSTEM/security/users/admin", token, null).statusCode());
                    String overHttp = http(port, "GET", "/api/data/**", token, null).body();
                    assertFalse(mentionsTheDirectory(overHttp), overHttp);

                    // a live subscription to /** hears nothing of a user being made
                    makeUser(admin, "victim", "v-pass");
                    admin.ok("set", object().put("path", "/marker").set("data", object().put("v", 1)));
                    JsonNode publication;
                    do {
                        publication = mallory.publication();
                        assertFalse(mentionsTheDirectory(publication.toString()), publication.toString());
                    } while (!publication.path("event").path("path").asText().equals("/marker"));

                    // the exact attack: write its own entry with the administrators' group
                    ObjectNode forged = forgedAdministrator("owned");
                    assertEquals("security.forbidden",
                            mallory.error("set", object().put("path", "/_SYSTEM/security/users/mallory").set("data", forged)));
                    assertEquals(403, http(port, "PUT", "/api/data/_SYSTEM/security/users/mallory", token, forged.toString()).statusCode());
                    assertEquals(403, http(port, "PATCH", "/api/data/_SYSTEM/security/users/mallory", token, forged.toString()).statusCode());
                    assertEquals(403, http(port, "DELETE", "/api/data/_SYSTEM/security/users/admin", token, null).statusCode());

                    // removes and counts over /** leave the directory alone
                    assertTrue(mallory.ok("remove", object().put("path", "/**")).get("removed").asInt() >= 1);
                    assertEquals("ok", code(http(port, "DELETE", "/api/data/**", token, null)));
                    admin.ok("remove", object().put("path", "/**"));

                    // password hashes never leave the security bundle: not to an administrator either
                    assertEquals("security.forbidden", admin.error("get", object().put("path", "/_SYSTEM/security/users/admin")));
                    assertEquals("security.forbidden", admin.error("on", object().put("path", "/_SYSTEM/**")));
                    String adminToken = Attacker.token(port, "admin", ADMIN_PASSWORD);
                    assertEquals(403, http(port, "GET", "/api/data/_SYSTEM/security/users/admin", adminToken, null).statusCode());
                    assertEquals(403, http(port, "GET", "/api/data/_SYSTEM/**", adminToken, null).statusCode());
                }
                assertEquals(0, runtime.stop());
            }

            Map<String, String> another = new HashMap<>(env);
            another.put("SWITCHBOARD_ADMIN_PASSWORD", "not-the-first-one");
            try (RuntimeProcess runtime = RuntimeProcess.start(home, port, another).awaitReady()) {
                try (WireClient anyone = WireClient.connect(port)) {
                    assertEquals("security.invalid-credentials", anyone.error("login", object().put("username", "mallory").put("password", "owned")),
                            "the forged entry was never written");
                }
                try (WireClient mallory = loggedIn(port, "mallory", "m-pass")) {
                    assertEquals("security.forbidden", mallory.error("security.users", object()), "still no administrator after a restart");
                }
                try (WireClient admin = loggedIn(port, "admin", ADMIN_PASSWORD)) {
                    assertEquals(3, admin.ok("security.users", object()).size(), "admin, mallory and victim: remove /** wiped nothing");
                }
                assertTrue(runtime.log().contains("SWITCHBOARD_ADMIN_PASSWORD is set but the user admin already exists"),
                        "a password that changes nothing is announced: " + runtime.log());
                assertEquals(0, runtime.stop());
            }
        }
    }
}
