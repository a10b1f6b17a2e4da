package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterOptionsTest {

    private static final String SECRET = "a-secret-of-20-chars";

    @TempDir
    Path data;

    private ClusterOptions resolve(Map<String, String> env, String... args) throws Exception {
        return ClusterOptions.resolve(LaunchOptions.parse(args, env).cluster(), env, data);
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void withoutMembersThereIsNoClusterAndNothingIsWritten() throws Exception {
        assertNull(resolve(env()));
        assertNull(resolve(env(), "--node-name", "node-a"));
        assertEquals(List.of("core", "edge"), ClusterOptions.features(List.of("core", "edge"), null));
        assertFalse(Files.exists(data.resolve("node-name")));
    }

    @Test
    void membersTurnTheClusterFeatureOnAndBecomeFrameworkProperties() throws Exception {
        ClusterOptions cluster = resolve(env("SWITCHBOARD_CLUSTER_SECRET", SECRET, "SWITCHBOARD_CLUSTER_MEMBERS", "127.0.0.1:5801"),
                "--cluster-port", "5811", "--node-name=alpha", "--broker", "deviceManager, customerNotifier");
        assertEquals(List.of("core", "cluster"), ClusterOptions.features(List.of("core"), cluster));
        assertEquals(List.of(5811, 5812), cluster.ports());
        Map<String, String> properties = cluster.frameworkProperties();
        assertEquals("alpha", properties.get("switchboard.node.name"));
        assertEquals("127.0.0.1:5801", properties.get("switchboard.cluster.members"));
        assertEquals("127.0.0.1", properties.get("switchboard.cluster.host"));
        assertEquals("5811", properties.get("switchboard.cluster.port"));
        assertEquals("deviceManager,customerNotifier", properties.get("switchboard.cluster.broker"));
        assertFalse(properties.containsValue(SECRET), "the secret never becomes a framework property");
    }

    @Test
    void aNodeNameIsGeneratedOnceAndKept() throws Exception {
        Map<String, String> env = env("SWITCHBOARD_CLUSTER_SECRET", SECRET, "SWITCHBOARD_CLUSTER_MEMBERS", "127.0.0.1:5801");
        String first = resolve(env).nodeName();
        assertTrue(first.matches("node-[0-9a-f]{8}"), first);
        assertEquals(first, Files.readString(data.resolve("node-name")).strip());
        assertEquals(first, resolve(env).nodeName());
        assertEquals("given", resolve(env, "--node-name", "given").nodeName(), "a name given wins over the kept one");
    }

    @Test
    void aMalformedMemberListIsAUsageErrorThatSaysWhatIsWrong() {
        Map<String, String> secret = env("SWITCHBOARD_CLUSTER_SECRET", SECRET);
        assertUsage("is not host:port", secret, "--cluster-members", "127.0.0.1");
        assertUsage("is not host:port", secret, "--cluster-members", "127.0.0.1:");
        assertUsage("empty entry", secret, "--cluster-members", "127.0.0.1:5801,,127.0.0.1:5811");
        assertUsage("from 1 to 65534", secret, "--cluster-members", "127.0.0.1:http");
        assertUsage("from 1 to 65534", secret, "--cluster-members", "127.0.0.1:65535");
        assertUsage("IPv6 address in brackets", secret, "--cluster-members", "::1:5801");
        assertUsage("unknown host", secret, "--cluster-members", "no-such-host.invalid:5801");
        assertUsage("--cluster-port", secret, "--cluster-members", "127.0.0.1:5801", "--cluster-port", "0");
    }

    @Test
    void theSecretIsRequiredAndLongEnough() {
        assertUsage("SWITCHBOARD_CLUSTER_SECRET is required", env(), "--cluster-members", "127.0.0.1:5801");
        assertUsage("at least 16 characters", env("SWITCHBOARD_CLUSTER_SECRET", "short"), "--cluster-members", "127.0.0.1:5801");
    }

    @Test
    void badNamesAndSettingsWithoutMembersAreRefused() {
        Map<String, String> secret = env("SWITCHBOARD_CLUSTER_SECRET", SECRET, "SWITCHBOARD_CLUSTER_MEMBERS", "127.0.0.1:5801");
        assertUsage("is not valid", secret, "--node-name", "no/slashes");
        assertUsage("is not valid", secret, "--node-name", "local");
        assertUsage("is not valid", secret, "--node-name=-dash-first");
        assertUsage("not a component name", secret, "--broker", "device manager");
        assertUsage("'*' or a list", secret, "--broker", "*,deviceManager");
        assertUsage("need cluster members", env(), "--cluster-port", "5801");
        assertUsage("need cluster members", env("SWITCHBOARD_BROKER", "*"));
        assertThrows(UsageException.class, () -> ClusterOptions.features(List.of("core", "cluster"), null));
    }

    @Test
    void aLoopbackNodeCannotJoinMembersOnOtherMachines() {
        assertUsage("--cluster-host", env("SWITCHBOARD_CLUSTER_SECRET", SECRET), "--cluster-members", "10.20.30.40:5801");
        assertUsage("not an address of this machine", env("SWITCHBOARD_CLUSTER_SECRET", SECRET), "--cluster-members", "10.20.30.40:5801",
                "--cluster-host", "192.0.2.1");
    }

    @Test
    void aCorruptKeptNameSaysWhichFileToFix() throws IOException {
        Files.writeString(data.resolve("node-name"), "not a name\n");
        assertUsage("node-name", env("SWITCHBOARD_CLUSTER_SECRET", SECRET), "--cluster-members", "127.0.0.1:5801");
    }

    private void assertUsage(String expected, Map<String, String> env, String... args) {
        UsageException error = assertThrows(UsageException.class, () -> resolve(env, args), String.join(" ", args));
        assertTrue(error.getMessage().contains(expected), "expected '" + expected + "' in: " + error.getMessage());
    }
}
