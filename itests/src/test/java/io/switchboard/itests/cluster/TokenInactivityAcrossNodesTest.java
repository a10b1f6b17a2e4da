package io.switchboard.itests.cluster;

import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.switchboard.itests.support.ClusterNodes;
import io.switchboard.itests.support.PostgresServer;
import io.switchboard.itests.support.WireClient;

/**
 * A token's inactivity counted across the nodes of a cluster on one PostgreSQL store: two runtime
 * processes whose session policy lets a token go unused for 8 seconds (so each node records a
 * token's use at most once a second). A token kept in use on node-2 stays alive on node-1, where it
 * has been idle for longer than that; a token unused on both stops working on both. The waits are
 * the policy's window, which nothing can be awaited for: the test uses or leaves the token for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenInactivityAcrossNodesTest {

    private static final Duration INACTIVITY = Duration.ofSeconds(8);
    /** An eighth of the window, at least a second: how much later than its limit an idle token may still work. */
    private static final Duration GRANULARITY = Duration.ofSeconds(1);

    private PostgresServer postgres;
    private ClusterNodes cluster;

    @BeforeAll
    void formCluster() throws Exception {
        postgres = PostgresServer.start();
        cluster = new ClusterNodes("switchboard-cluster-inactivity", 2);
        Map<String, String> store = Map.of("SWITCHBOARD_STORE_URL", postgres.url(), "SWITCHBOARD_STORE_PASSWORD", postgres.password());
        for (String node : List.of("node-1", "node-2")) {
            Path etc = Files.createDirectories(cluster.node(node).home().resolve("etc"));
            Files.writeString(etc.resolve("io.switchboard.security.cfg"), "password.iterations = 10000\n"
                    + "session.policies = [{\"inactivitySeconds\": " + INACTIVITY.toSeconds() + "}]\n");
            cluster.launch(node, List.of(), store);
        }
        cluster.awaitReady("node-1");
        cluster.awaitReady("node-2");
        Map<String, String> up = Map.of("node-1", "up", "node-2", "up");
        cluster.awaitStates("node-1", up, Duration.ofSeconds(60));
        cluster.awaitStates("node-2", up, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        try {
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

    private static String passwordLogin(WireClient client) {
        return client.ok("login", object().put("username", "admin").put("password", ClusterNodes.ADMIN_PASSWORD)).get("token").asText();
    }

    private static void use(WireClient client) {
        assertTrue(client.ok("get", object().put("path", "/shop/x")).isNull());
    }

    @Test
    void aTokenKeptInUseOnOneNodeStaysAliveOnTheNodeWhereItIdles() throws Exception {
        try (WireClient one = connect("node-1"); WireClient two = connect("node-2")) {
            String token = passwordLogin(one);
            two.ok("login", object().put("token", token));
            long until = System.nanoTime() + INACTIVITY.multipliedBy(2).toNanos();
            while (System.nanoTime() < until) {
                Thread.sleep(INACTIVITY.toMillis() / 4); // the client's pace: a use every 2 s, on node-2 only
                use(two);
            }
            use(one); // idle on node-1 for twice its window, in use on node-2
            try (WireClient again = connect("node-1")) {
                again.ok("login", object().put("token", token));
                use(again);
            }
        }
    }

    @Test
    void aTokenUnusedOnEveryNodeStopsWorkingOnEveryNode() throws Exception {
        try (WireClient one = connect("node-1"); WireClient two = connect("node-2")) {
            String token = passwordLogin(one);
            two.ok("login", object().put("token", token));
            use(two);
            Thread.sleep(INACTIVITY.plus(GRANULARITY).plusSeconds(1).toMillis()); // unused anywhere for longer than it may be
            assertEquals("security.token-revoked", one.error("get", object().put("path", "/shop/x")), "the live session on node-1 ends");
            assertEquals("security.token-revoked", two.error("get", object().put("path", "/shop/x")), "and the one on node-2");
            try (WireClient again = connect("node-1")) {
                assertEquals("security.token-expired", again.error("login", object().put("token", token)));
            }
        }
    }
}
