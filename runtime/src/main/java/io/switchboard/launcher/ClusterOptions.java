package io.switchboard.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cluster settings: which members to join, on which address and port, under which node name,
 * with which secret. Clustering is on exactly when members are given; then the {@code cluster}
 * feature starts, and everything here is checked before the framework starts, so a mistake is a
 * usage error (exit code 2), never a node that half-joins.
 *
 * <p>The secret is only checked here: the cluster bundle reads it from the environment itself, so it
 * never becomes a framework property that every bundle could read.
 *
 * @param members  the other members, {@code host:port} (the list may name this node too)
 * @param host     this node's cluster address (an IP literal)
 * @param port     this node's member port; the next port carries the node links
 * @param nodeName this node's name
 * @param broker   the broker setting as given (component names or {@code *}), checked; the mesh routes its clients' calls by it
 */
record ClusterOptions(List<InetSocketAddress> members, String host, int port, String nodeName, String broker) {

    static final String FEATURE = "cluster";
    static final String ENV_MEMBERS = "SWITCHBOARD_CLUSTER_MEMBERS";
    static final String ENV_PORT = "SWITCHBOARD_CLUSTER_PORT";
    static final String ENV_HOST = "SWITCHBOARD_CLUSTER_HOST";
    static final String ENV_NODE_NAME = "SWITCHBOARD_NODE_NAME";
    static final String ENV_SECRET = "SWITCHBOARD_CLUSTER_SECRET";
    static final String ENV_BROKER = "SWITCHBOARD_BROKER";
    static final int DEFAULT_PORT = 5701;
    static final String DEFAULT_HOST = "127.0.0.1";
    /** Shorter secrets could be guessed from one recorded link handshake (the cluster bundle says the same). */
    static final int SECRET_MIN_LENGTH = 16;
    static final String NODE_NAME_FILE = "node-name";

    /** Keep in step with the cluster bundle's ClusterSettings. */
    static final String PROPERTY_NODE_NAME = "switchboard.node.name";
    static final String PROPERTY_MEMBERS = "switchboard.cluster.members";
    static final String PROPERTY_HOST = "switchboard.cluster.host";
    static final String PROPERTY_PORT = "switchboard.cluster.port";
    static final String PROPERTY_BROKER = "switchboard.cluster.broker";

    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

    /** What the command line said about the cluster; null where it said nothing. */
    record Flags(String members, String port, String host, String nodeName, String broker) {

        static final Flags NONE = new Flags(null, null, null, null, null);

        Flags with(String flag, String value) {
            return switch (flag) {
                case "--cluster-members" -> new Flags(value, port, host, nodeName, broker);
                case "--cluster-port" -> new Flags(members, value, host, nodeName, broker);
                case "--cluster-host" -> new Flags(members, port, value, nodeName, broker);
                case "--node-name" -> new Flags(members, port, host, value, broker);
                case "--broker" -> new Flags(members, port, host, nodeName, value);
                default -> throw new IllegalArgumentException(flag);
            };
        }

        static boolean names(String flag) {
            return List.of("--cluster-members", "--cluster-port", "--cluster-host", "--node-name", "--broker").contains(flag);
        }
    }

    /**
     * The cluster settings from flags and environment, checked; null when no members are given (a
     * runtime on its own, exactly as without the cluster). A node name that is neither given nor
     * kept in {@code data/node-name} is generated once and kept there.
     *
     * @throws UsageException naming the setting that is wrong and why
     */
    static ClusterOptions resolve(Flags flags, Map<String, String> env, Path data) throws UsageException, IOException {
        String members = pick(flags.members(), env, ENV_MEMBERS);
        String port = pick(flags.port(), env, ENV_PORT);
        String host = pick(flags.host(), env, ENV_HOST);
        String name = pick(flags.nodeName(), env, ENV_NODE_NAME);
        String broker = pick(flags.broker(), env, ENV_BROKER);
        if (members == null) {
            if (port != null || host != null || broker != null) {
                throw new UsageException("--cluster-port, --cluster-host and --broker need cluster members: set --cluster-members or "
                        + ENV_MEMBERS);
            }
            return null;
        }
        List<InetSocketAddress> addresses = parseMembers(members);
        int memberPort = port == null ? DEFAULT_PORT : parsePort(port, "--cluster-port (" + ENV_PORT + ")");
        String address = localAddress(host == null ? DEFAULT_HOST : host);
        boolean loopback = InetAddress.getByName(address).isLoopbackAddress();
        for (InetSocketAddress member : addresses) {
            if (loopback && !member.getAddress().isLoopbackAddress()) {
                throw new UsageException("the member " + hostPort(member) + " is on another machine, but this node's cluster address is "
                        + address + ": set --cluster-host (" + ENV_HOST + ") to this machine's address on the cluster's network");
            }
        }
        String secret = env.get(ENV_SECRET);
        if (secret == null || secret.isBlank()) {
            throw new UsageException(ENV_SECRET + " is required to join a cluster: the same secret on every node");
        }
        if (secret.strip().length() < SECRET_MIN_LENGTH) {
            throw new UsageException(ENV_SECRET + " must be at least " + SECRET_MIN_LENGTH + " characters long");
        }
        String nodeName = name != null ? checkedName(name) : nodeName(data);
        return new ClusterOptions(addresses, address, memberPort, nodeName, broker == null ? "" : checkedBroker(broker));
    }

    /** The features to start: {@code cluster} added when clustering, refused when asked for without members. */
    static List<String> features(List<String> names, ClusterOptions cluster) throws UsageException {
        if (cluster == null) {
            if (names.contains(FEATURE)) {
                throw new UsageException("the feature '" + FEATURE + "' starts by itself when cluster members are set (--cluster-members or "
                        + ENV_MEMBERS + "); it cannot run without them");
            }
            return names;
        }
        if (names.contains(FEATURE)) {
            return names;
        }
        List<String> with = new ArrayList<>(names);
        with.add(FEATURE);
        return with;
    }

    Map<String, String> frameworkProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PROPERTY_NODE_NAME, nodeName);
        properties.put(PROPERTY_MEMBERS, String.join(",", members.stream().map(ClusterOptions::hostPort).toList()));
        properties.put(PROPERTY_HOST, host);
        properties.put(PROPERTY_PORT, Integer.toString(port));
        properties.put(PROPERTY_BROKER, broker);
        return properties;
    }

    /** The ports this node listens on for the cluster: the member port and the link port after it. */
    List<Integer> ports() {
        return List.of(port, port + 1);
    }

    private static String pick(String flag, Map<String, String> env, String variable) {
        if (flag != null) {
            return flag.strip();
        }
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value.strip();
    }

    static List<InetSocketAddress> parseMembers(String list) throws UsageException {
        List<InetSocketAddress> members = new ArrayList<>();
        for (String entry : list.split(",", -1)) {
            String member = entry.strip();
            if (member.isEmpty()) {
                throw new UsageException("the cluster member list '" + list + "' has an empty entry: write host:port,host:port");
            }
            int colon = member.lastIndexOf(':');
            if (colon <= 0 || colon == member.length() - 1) {
                throw new UsageException("the cluster member '" + member + "' is not host:port");
            }
            String host = member.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw new UsageException("the cluster member '" + member + "' is not host:port (write an IPv6 address in brackets)");
            }
            int port = parsePort(member.substring(colon + 1), "the cluster member '" + member + "'");
            try {
                members.add(new InetSocketAddress(InetAddress.getByName(host), port));
            } catch (UnknownHostException e) {
                throw new UsageException("the cluster member '" + member + "': unknown host " + host);
            }
        }
        return members;
    }

    private static int parsePort(String value, String what) throws UsageException {
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 1 || port > 65534) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException(what + ": the port must be a number from 1 to 65534 (the next port carries the node links), was: "
                    + value);
        }
    }

    /** The cluster address as an IP literal of this machine: a node binds only that one. */
    private static String localAddress(String host) throws UsageException {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (!address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new UsageException("the cluster address " + host + " (--cluster-host, " + ENV_HOST + ") is not an address of this machine");
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            throw new UsageException("the cluster address " + host + " (--cluster-host, " + ENV_HOST + ") is not known");
        } catch (SocketException e) {
            throw new UsageException("the cluster address " + host + " cannot be checked: " + e.getMessage());
        }
    }

    private static String checkedName(String name) throws UsageException {
        if (!NODE_NAME.matcher(name).matches() || name.equals("local")) {
            throw new UsageException("the node name '" + name + "' (--node-name, " + ENV_NODE_NAME + ") is not valid: letters, digits, '.',"
                    + " '_' and '-', at most 63, starting with a letter or digit, and not 'local'");
        }
        return name;
    }

    /** The name kept in {@code data/node-name}, made once: a node keeps its name across restarts. */
    private static String nodeName(Path data) throws IOException, UsageException {
        Path file = data.resolve(NODE_NAME_FILE);
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            try {
                return checkedName(kept);
            } catch (UsageException e) {
                throw new UsageException(file + ": " + e.getMessage() + "; fix or delete the file");
            }
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String generated = "node-" + HexFormat.of().formatHex(random);
        Files.createDirectories(data);
        Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
        return generated;
    }

    private static String checkedBroker(String broker) throws UsageException {
        List<String> names = LaunchOptions.splitList(broker);
        for (String name : names) {
            if (!name.equals("*") && !COMPONENT.matcher(name).matches()) {
                throw new UsageException("'" + name + "' in --broker (" + ENV_BROKER + ") is not a component name (or '*')");
            }
        }
        if (names.isEmpty() || (names.contains("*") && names.size() > 1)) {
            throw new UsageException("--broker (" + ENV_BROKER + ") is '*' or a list of component names, was: " + broker);
        }
        return String.join(",", names);
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
