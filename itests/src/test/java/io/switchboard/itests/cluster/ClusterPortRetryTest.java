package io.switchboard.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.switchboard.itests.support.ClusterNodes;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * The CI flake where another process took a cluster port between the moment the test support
 * picked it and the moment the node bound it (exit 3, "Address already in use" on the link port):
 * the shared support launches such a node again on fresh ports, and it joins the cluster.
 */
class ClusterPortRetryTest {

    @Test
    void aNodeWhoseLinkPortIsTakenAfterTheLaunchIsLaunchedAgainOnFreshPortsAndJoins() throws IOException {
        try (ClusterNodes cluster = new ClusterNodes("switchboard-cluster-ports", 2)) {
            cluster.start(Map.of("node-1", List.of()));
            // taken before launch: the support sees it and picks others
            int plannedLink = cluster.node("node-2").clusterPort() + 1;
            try (ServerSocket before = takeLoopback(plannedLink)) {
                RuntimeProcess first = cluster.launch("node-2", List.of(), Map.of());
                assertNotEquals(plannedLink, cluster.node("node-2").clusterPort() + 1, "a port taken before the launch is not used");
                // taken after the launch, before the JVM binds it: the launcher exits with 3
                int launchedPort = cluster.node("node-2").clusterPort();
                try (ServerSocket after = takeLoopback(launchedPort + 1)) {
                    cluster.awaitReady("node-2");
                    assertEquals(3, first.exitCode().orElse(-1), "the first launch found its link port taken: " + first.log());
                    assertTrue(first.log().contains("port is already in use"), first.log());
                    assertNotEquals(launchedPort, cluster.node("node-2").clusterPort(), "launched again on fresh ports");
                }
            }
            cluster.awaitStates("node-1", Map.of("node-1", "up", "node-2", "up"), Duration.ofSeconds(30));
            assertEquals(Map.of(), cluster.stopAll(), "both nodes stop cleanly");
        }
    }

    private static ServerSocket takeLoopback(int port) throws IOException {
        return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
    }
}
