package io.switchboard.itests.cluster;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.ClusterNodes;
import io.switchboard.itests.support.PostgresServer;
import io.switchboard.itests.support.WireClient;

/**
 * Two runtimes in one cluster on one PostgreSQL store share their security (issue 12, item 5): a
 * token from one node works on the other, a user made on one logs in on the other, and a permission
 * change, a revocation or a password change on one node restricts or ends the live sessions on the
 * other at once; failed logins count across nodes. One cluster for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityAcrossNodesTest {

    private PostgresServer postgres;
    private ClusterNodes cluster;
    private WireClient admin;

    @BeforeAll
    void formCluster() throws Exception {
        postgres = PostgresServer.start();
        cluster = new ClusterNodes("switchboard-cluster-security", 2);
        Map<String, String> store = Map.of("SWITCHBOARD_STORE_URL", postgres.url(), "SWITCHBOARD_STORE_PASSWORD", postgres.password());
        cluster.launch("node-1", List.of(), store);
        cluster.launch("node-2", List.of(), store);
        cluster.awaitReady("node-1");
        cluster.awaitReady("node-2");
        Map<String, String> up = Map.of("node-1", "up", "node-2", "up");
        cluster.awaitStates("node-1", up, Duration.ofSeconds(60));
        cluster.awaitStates("node-2", up, Duration.ofSeconds(60));
        admin = login("node-1", "admin", ClusterNodes.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() {
        try {
            if (admin != null) {
                admin.close();
            }
            if (cluster != null) {
                Map<String, String> failed = cluster.stopAll();
                assertTrue(failed.isEmpty(), "every node stops cleanly on SIGTERM: " + failed);
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private WireClient connect(String node) {
        return WireClient.connect(cluster.node(node).httpPort());
    }

    private WireClient login(String node, String username, String password) {
        WireClient client = connect(node);
        client.ok("login", object().put("username", username).put("password", password));
        return client;
    }

    private void upsertUser(String username, String password, String grantedPattern) {
        ObjectNode request = object().put("username", username);
        if (password != null) {
            request.put("password", password);
        }
        ObjectNode permission = request.putArray("permissions").addObject().put("pattern", grantedPattern);
        permission.putArray("actions").add("get");
        admin.ok("security.upsertUser", request);
    }

    /** The close code the server ended the session with, waiting for it. */
    private static int closedWith(WireClient client) {
        String message = Await.until("the session is closed", Duration.ofSeconds(10), () -> {
            try {
                client.publicationWithin(100);
                return null;
            } catch (AssertionError closed) {
                return closed.getMessage();
            }
        });
        assertTrue(message.startsWith("the server closed the connection: "), message);
        return Integer.parseInt(message.substring(message.lastIndexOf(' ') + 1));
    }

    @Test
    @Order(1)
    void aTokenFromOneNodeWorksOnTheOtherAndAUserMadeOnOneLogsInOnTheOther() {
        String token = admin.ok("login", object().put("username", "admin").put("password", ClusterNodes.ADMIN_PASSWORD))
                .get("token").asText();
        try (WireClient other = connect("node-2")) {
            assertEquals("admin", other.ok("login", object().put("token", token)).get("username").asText());
        }
        upsertUser("carol", "carol-pw-1", "/shop/**");
        try (WireClient carol = login("node-2", "carol", "carol-pw-1")) {
            assertTrue(carol.ok("get", object().put("path", "/shop/x")).isNull());
        }
    }

    @Test
    @Order(2)
    void aPermissionChangeOnOneNodeRestrictsALiveSessionOnTheOtherAtOnce() {
        try (WireClient carol = login("node-2", "carol", "carol-pw-1")) {
            assertTrue(carol.ok("get", object().put("path", "/shop/x")).isNull());
            upsertUser("carol", null, "/other/**"); // answered once every node applied it
            assertEquals("security.forbidden", carol.error("get", object().put("path", "/shop/x")));
            assertTrue(carol.ok("get", object().put("path", "/other/x")).isNull());
        }
    }

    @Test
    @Order(3)
    void aRevocationOnOneNodeEndsTheSessionsUsingTheTokenOnTheOther() {
        WireClient onOne = connect("node-1");
        String token = onOne.ok("login", object().put("username", "carol").put("password", "carol-pw-1")).get("token").asText();
        try (WireClient onTwo = connect("node-2")) {
            onTwo.ok("login", object().put("token", token));
            assertTrue(onOne.ok("logout", object()).asBoolean());
            assertEquals(4010, closedWith(onTwo), "the login ended on every node");
        } finally {
            onOne.close();
        }
        try (WireClient again = connect("node-2")) {
            assertEquals("security.token-revoked", again.error("login", object().put("token", token)));
        }
    }

    @Test
    @Order(4)
    void aPasswordChangeOnOneNodeEndsTheUsersSessionsOnTheOther() {
        try (WireClient carol = login("node-2", "carol", "carol-pw-1")) {
            upsertUser("carol", "carol-pw-2", "/other/**");
            assertEquals(4010, closedWith(carol));
        }
        try (WireClient carol = connect("node-2")) {
            assertEquals("security.invalid-credentials", carol.error("login", object().put("username", "carol").put("password", "carol-pw-1")));
            carol.ok("login", object().put("username", "carol").put("password", "carol-pw-2"));
        }
    }

    @Test
    @Order(5)
    void failedLoginsCountOnEveryNode() {
        upsertUser("dave", "dave-pw", "/shop/**");
        try (WireClient one = connect("node-1"); WireClient two = connect("node-2")) {
            for (int i = 0; i < 3; i++) {
                assertEquals("security.invalid-credentials", one.error("login", object().put("username", "dave").put("password", "wrong")));
            }
            for (int i = 0; i < 2; i++) {
                assertEquals("security.invalid-credentials", two.error("login", object().put("username", "dave").put("password", "wrong")));
            }
            assertEquals("security.locked", two.error("login", object().put("username", "dave").put("password", "dave-pw")),
                    "five failures from this address, counted on both nodes, lock dave (lockout_attempts = 5)");
            assertEquals("security.locked", one.error("login", object().put("username", "dave").put("password", "dave-pw")));
        }
    }
}
