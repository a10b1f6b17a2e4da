package io.switchboard.cluster.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.switchboard.cluster.internal.link.NodeNames;

/**
 * Where this node is and whom it joins. The launcher reads the operator's settings (flags,
 * environment), checks them, and hands them over as framework properties ({@code switchboard.node.name},
 * {@code switchboard.cluster.*}); the tunables come from the configuration {@code io.switchboard.cluster}.
 *
 * @param node                     this node's name
 * @param host                     the address this node's member and link ports bind to (an IP literal)
 * @param port                     the member port; the link port is the next one
 * @param members                  the other members to join (this node's own address left out)
 * @param broker                   the components this node brokers for its clients ({@code *} for all); the mesh reads
 *                                 the same property and routes its clients' calls by it
 * @param heartbeatIntervalSeconds how often members tell each other they live
 * @param hungNodeTimeoutSeconds   how long a member may stay silent before it is removed (a hung process)
 * @param callThreads              threads that run the calls other nodes send here
 * @param callsInFlightLimit       calls in flight per link, each way
 * @param callTransport            {@code link} (the default) or {@code executor} (Hazelcast's, kept for comparison)
 * @param drainTimeoutMillis       how long a stopping node lets the calls and events other nodes sent it finish
 */
public record ClusterSettings(String node, String host, int port, List<InetSocketAddress> members, List<String> broker,
        int heartbeatIntervalSeconds, int hungNodeTimeoutSeconds, int callThreads, int callsInFlightLimit, String callTransport,
        long drainTimeoutMillis) {

    public static final String NODE_NAME = "switchboard.node.name";
    public static final String MEMBERS = "switchboard.cluster.members";
    public static final String HOST = "switchboard.cluster.host";
    public static final String PORT = "switchboard.cluster.port";
    public static final String BROKER = "switchboard.cluster.broker";
    /** The environment variable holding the secret: read here, never copied into a property or a file. */
    public static final String SECRET_ENV = "SWITCHBOARD_CLUSTER_SECRET";

    public static final String LINK = "link";
    public static final String EXECUTOR = "executor";
    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

    public ClusterSettings {
        members = List.copyOf(members);
        broker = List.copyOf(broker);
    }

    /** The address of this node's link server: the member port's neighbour. */
    public InetSocketAddress linkAddress() {
        return new InetSocketAddress(host, port + 1);
    }

    public InetSocketAddress memberAddress() {
        return new InetSocketAddress(host, port);
    }

    /**
     * Reads and checks the settings.
     *
     * @param property a framework property by name
     * @throws IllegalArgumentException naming the setting that is wrong and why
     */
    public static ClusterSettings read(Function<String, String> property, int heartbeatIntervalSeconds, int hungNodeTimeoutSeconds,
            int callThreads, int callsInFlightLimit, String callTransport, long drainTimeoutMillis) {
        String node = required(property, NODE_NAME);
        if (!NodeNames.valid(node)) {
            throw new IllegalArgumentException("the node name '" + node + "' is not valid: letters, digits, '.', '_' and '-', at most 63,"
                    + " starting with a letter or digit, and not '" + NodeNames.RESERVED + "'");
        }
        String host = ip(required(property, HOST));
        int port = port(required(property, PORT));
        InetSocketAddress self = new InetSocketAddress(host, port);
        List<InetSocketAddress> members = new ArrayList<>();
        for (InetSocketAddress member : parseMembers(required(property, MEMBERS))) {
            if (!member.equals(self) && !members.contains(member)) {
                members.add(member);
            }
        }
        List<String> broker = parseBroker(property.apply(BROKER));
        if (heartbeatIntervalSeconds < 1 || hungNodeTimeoutSeconds < 2 * heartbeatIntervalSeconds) {
            throw new IllegalArgumentException("hungNodeTimeoutSeconds (" + hungNodeTimeoutSeconds
                    + ") must be at least twice heartbeatIntervalSeconds (" + heartbeatIntervalSeconds + "), which must be at least 1");
        }
        if (callThreads < 1 || callsInFlightLimit < 1) {
            throw new IllegalArgumentException("callThreads and callsInFlightLimit must be at least 1");
        }
        if (!callTransport.equals(LINK) && !callTransport.equals(EXECUTOR)) {
            throw new IllegalArgumentException("callTransport must be '" + LINK + "' or '" + EXECUTOR + "', was '" + callTransport + "'");
        }
        if (drainTimeoutMillis < 0) {
            throw new IllegalArgumentException("drainTimeoutMillis must be 0 or more, was " + drainTimeoutMillis);
        }
        return new ClusterSettings(node, host, port, members, broker, heartbeatIntervalSeconds, hungNodeTimeoutSeconds, callThreads,
                callsInFlightLimit, callTransport, drainTimeoutMillis);
    }

    /** {@code host:port,host:port}; each host a name or an IP literal (IPv6 in brackets). */
    public static List<InetSocketAddress> parseMembers(String list) {
        List<InetSocketAddress> members = new ArrayList<>();
        for (String entry : list.split(",")) {
            if (!entry.isBlank()) {
                members.add(parseHostPort(entry.strip()));
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("the member list is empty");
        }
        return members;
    }

    /** {@code host:port} or {@code [v6]:port}. @throws IllegalArgumentException when it is not */
    public static InetSocketAddress parseHostPort(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a member address is missing");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' is not host:port (write an IPv6 address in brackets)");
        }
        return new InetSocketAddress(ip(host), port(text.substring(colon + 1)));
    }

    /** {@code host:port} as Hazelcast and the logs write it, an IPv6 host in brackets. */
    public static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    static List<String> parseBroker(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> names = Arrays.stream(value.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
        for (String name : names) {
            if (!name.equals("*") && !COMPONENT.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' in the broker list is not a component name (or '*')");
            }
        }
        if (names.contains("*") && names.size() > 1) {
            throw new IllegalArgumentException("the broker list is either '*' or component names, not both");
        }
        return names;
    }

    private static String required(Function<String, String> property, String name) {
        String value = property.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value.strip();
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port < 1 || port > 65534) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port number from 1 to 65534");
        }
    }

    private static String ip(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("the host '" + host + "' is not known");
        }
    }
}
