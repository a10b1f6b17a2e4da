package io.switchboard.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.mesh.MeshHttp;

/**
 * Several real runtime processes on 127.0.0.1 forming one cluster: each with its own home, HTTP
 * port and cluster ports (member port and link port next to it), the same secret, and the member
 * addresses of every node planned up front (so a late joiner finds them, and they it). Nodes are
 * started at once and awaited together; each can be killed, stopped with a signal, or started
 * again in the same home.
 * <p>
 * Ports are picked early and bound late, so another process on the machine may take one in
 * between (a CI flake: exit 3, "Address already in use", on a link port). So a node whose ports are
 * no longer free when it is launched gets fresh ones, and a node that exits with 3 while awaited is
 * launched again, with fresh ports and the same home, jars, environment and arguments, up to
 * {@link #PORT_RETRIES} times. A node with fresh ports still joins the others through their
 * addresses, which did not change.
 * <p>
 * The work folder (the nodes' homes and logs, and what the test keeps beside them) belongs to the
 * cluster: {@link #close()} deletes it once every node has ended.
 */
public final class ClusterNodes implements AutoCloseable {

    public static final String SECRET = "itest-cluster-secret-0123456789";
    public static final String ADMIN_PASSWORD = "itest-secret";
    /** Several JVMs starting at once on 2 cores take their time. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String FEATURES = "core,edge,security";
    /** The launcher's exit code when a port it must listen on is taken. */
    private static final int EXIT_PORT_IN_USE = 3;
    /** How many times a node that found a port taken is launched again on fresh ports. */
    static final int PORT_RETRIES = 3;

    /** What a node was launched with, to launch it again on fresh ports. */
    private record Launch(List<Path> jars, Map<String, String> env, String[] args) {
    }

    /** One planned node. */
    public record Node(String name, int httpPort, int clusterPort, Path home) {
        public String address() {
            return "127.0.0.1:" + clusterPort;
        }
    }

    private final Path work;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, RuntimeProcess> processes = new HashMap<>();
    private final Map<String, MeshHttp> admins = new HashMap<>();
    private final Map<String, Launch> launches = new HashMap<>();

    /** Plans nodes {@code node-1} … {@code node-<count>} in a new folder (a {@link TempFolder}); none runs yet. */
    public ClusterNodes(String prefix, int count) {
        this(TempFolder.create(prefix).path(), count);
    }

    /** Plans nodes {@code node-1} … {@code node-<count>} in {@code work}, which {@link #close()} deletes; none runs yet. */
    public ClusterNodes(Path work, int count) {
        this.work = work;
        for (int i = 1; i <= count; i++) {
            String name = "node-" + i;
            nodes.put(name, withFreshPorts(name, work.resolve(name)));
        }
    }

    private static Node withFreshPorts(String name, Path home) {
        return new Node(name, FreePort.pick(), pairOfFreePorts(), home);
    }

    public Node node(String name) {
        return nodes.get(name);
    }

    /** Every planned node's member address, as each node is told. */
    public String members() {
        return nodes.values().stream().map(Node::address).collect(Collectors.joining(","));
    }

    /** Starts nodes with the jars each gets in deploy/, all at once, and waits until each is ready. */
    public void start(Map<String, List<Path>> deployed) {
        start(deployed, Map.of());
    }

    /** {@link #start(Map)} with settings added to every node's environment (a shared store, say). */
    public void start(Map<String, List<Path>> deployed, Map<String, String> env) {
        deployed.forEach((name, jars) -> launch(name, jars, env));
        deployed.keySet().forEach(this::awaitReady);
    }

    /**
     * Starts one node (its home kept from an earlier run, if any) without waiting for it.
     *
     * @param env added to (and overriding) the cluster's settings, for nodes that must be refused
     */
    public RuntimeProcess launch(String name, List<Path> jars, Map<String, String> env, String... args) {
        launches.put(name, new Launch(List.copyOf(jars), Map.copyOf(env), args.clone()));
        Node planned = nodes.get(name);
        if (!free(planned.httpPort()) || !free(planned.clusterPort()) || !free(planned.clusterPort() + 1)) {
            nodes.put(name, withFreshPorts(name, planned.home())); // taken since they were picked
        }
        Node node = nodes.get(name);
        try {
            Files.createDirectories(node.home().resolve("deploy"));
            Files.createDirectories(node.home().resolve("etc"));
            // logins are quick in tests: fewer PBKDF2 rounds (unless the test wrote its own security settings)
            Path security = node.home().resolve("etc").resolve("io.switchboard.security.cfg");
            if (!Files.exists(security)) {
                Files.writeString(security, "password.iterations = 10000\n");
            }
            for (Path jar : jars) {
                Files.copy(jar, node.home().resolve("deploy").resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> environment = new HashMap<>(RuntimeProcess.testEnv(FEATURES));
        environment.put("SWITCHBOARD_CLUSTER_SECRET", SECRET);
        environment.put("SWITCHBOARD_CLUSTER_MEMBERS", members());
        environment.putAll(env);
        List<String> arguments = new ArrayList<>(List.of("--cluster-port", Integer.toString(node.clusterPort()), "--node-name", name));
        arguments.addAll(List.of(args));
        RuntimeProcess process = RuntimeProcess.start(node.home(), node.httpPort(), environment, arguments.toArray(String[]::new));
        processes.put(name, process);
        admins.remove(name);
        return process;
    }

    /**
     * Waits until a node is ready; a node that exited because a port was taken (exit 3) is launched
     * again on fresh ports, a bounded number of times.
     */
    public void awaitReady(String name) {
        for (int retry = 0;; retry++) {
            RuntimeProcess process = processes.get(name);
            try {
                process.awaitReady(START_TIMEOUT);
                return;
            } catch (AssertionError e) {
                if (retry == PORT_RETRIES || process.exitCode().orElse(-1) != EXIT_PORT_IN_USE) {
                    throw e;
                }
                System.out.println(name + " found a port taken (exit 3); launching it again on fresh ports");
                nodes.put(name, withFreshPorts(name, nodes.get(name).home()));
                Launch launch = launches.get(name);
                launch(name, launch.jars(), launch.env(), launch.args());
            }
        }
    }

    public RuntimeProcess process(String name) {
        return processes.get(name);
    }

    /** An administrator's HTTP session on a node. */
    public MeshHttp admin(String name) {
        return admins.computeIfAbsent(name, n -> MeshHttp.loggedIn(nodes.get(n).httpPort(), "admin", ADMIN_PASSWORD));
    }

    /** GET /api/cluster/members on a node, as an administrator: member name to its entry. */
    public Map<String, JsonNode> members(String on) {
        MeshHttp.Answer answer = admin(on).get("/api/cluster/members");
        if (answer.status() != 200) {
            throw new AssertionError("members on " + on + ": " + answer.status() + " " + answer.body());
        }
        Map<String, JsonNode> members = new LinkedHashMap<>();
        answer.body().path("members").forEach(member -> members.put(member.path("name").asText(), member));
        return members;
    }

    /** Waits until a node lists exactly these members in these states (left ones included when named). */
    public void awaitStates(String on, Map<String, String> states, Duration timeout) {
        Await.until(on + " sees " + states, timeout, () -> {
            Map<String, String> seen = new LinkedHashMap<>();
            members(on).forEach((name, member) -> seen.put(name, member.path("state").asText()));
            seen.values().removeIf(state -> state.equals("left") && !states.containsValue("left"));
            return seen.equals(states) ? seen : null;
        });
    }

    /** A call from a node's probeCaller to probeTarget, as an administrator over HTTP. */
    public MeshHttp.Answer call(String from, String method, List<?> args, String route, String key, String range) {
        return admin(from).call("probeCaller", "call", null, method, args, route, key, range);
    }

    /** SIGKILL: the process ends at once, sockets closed by the kernel. */
    public void kill(String name) {
        RuntimeProcess process = processes.get(name);
        process.close();
        process.awaitExit(Duration.ofSeconds(30));
    }

    /** Sends a signal (STOP, CONT) to a node's JVM. */
    public void signal(String name, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(processes.get(name).pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + signal + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops every running node with SIGTERM. @return the logs of those that did not stop with 0 */
    public Map<String, String> stopAll() {
        Map<String, String> failed = new LinkedHashMap<>();
        processes.forEach((name, process) -> {
            if (process.alive()) {
                int code = process.stop();
                if (code != 0) {
                    failed.put(name, "exit " + code + "\n" + process.log());
                }
            }
        });
        return failed;
    }

    /** Kills the nodes that still run (SIGKILL), waits until they have ended, and deletes the work folder. */
    @Override
    public void close() {
        processes.values().forEach(RuntimeProcess::close);
        TempFolder.delete(work);
    }

    public Path work() {
        return work;
    }

    /** A port that is free together with the next one (a node's member and link ports). */
    private static int pairOfFreePorts() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = FreePort.pick();
            if (port < 65534 && free(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two free ports next to each other");
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
