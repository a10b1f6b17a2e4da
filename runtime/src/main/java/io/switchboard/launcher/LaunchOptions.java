package io.switchboard.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the operator asked for, from flags first and the environment second.
 *
 * <p>Only the settings that people change often are flags or environment variables; everything
 * else lives in {@code etc/}. A flag beats the environment so that one command line can override a
 * shell's exported defaults.
 */
record LaunchOptions(Integer port, String host, Path home, List<String> features, boolean help, boolean version,
                     Integer httpsPort, boolean tlsSelfSigned, String storeUrl, ClusterOptions.Flags cluster) {

    static final String ENV_PORT = "SWITCHBOARD_HTTP_PORT";
    static final String ENV_HOST = "SWITCHBOARD_HTTP_HOST";
    static final String ENV_HOME = "SWITCHBOARD_HOME";
    static final String ENV_FEATURES = "SWITCHBOARD_FEATURES";

    static final String USAGE = String.join("\n",
            "usage: switchboard [options]",
            "",
            "Starts the Switchboard runtime in the foreground; Ctrl-C or SIGTERM stops it cleanly.",
            "",
            "options:",
            "  -p, --port PORT        HTTP port (env SWITCHBOARD_HTTP_PORT, default 8080)",
            "      --host ADDRESS     address to listen on (env SWITCHBOARD_HTTP_HOST, default 0.0.0.0)",
            "      --home DIR         folder holding etc/, deploy/ and data/ (env SWITCHBOARD_HOME,",
            "                         default: the distribution folder)",
            "      --https-port PORT  also serve HTTPS (and WSS) on this port (env SWITCHBOARD_HTTPS_PORT);",
            "                         the certificate is switchboard.tls.keystore in etc/switchboard.properties",
            "      --tls-self-signed  for development: use a self-signed certificate, generated once in data/tls/",
            "      --features LIST    comma-separated features to start (env SWITCHBOARD_FEATURES,",
            "                         default: switchboard.features in etc/switchboard.properties)",
            "      --store-url URL    keep the data in PostgreSQL, the shared store of a cluster (env SWITCHBOARD_STORE_URL):",
            "                         jdbc:postgresql://host[:port]/database?user=NAME (the password: SWITCHBOARD_STORE_PASSWORD)",
            "  -v, --version          print the version and exit",
            "  -h, --help             print this help and exit",
            "",
            "cluster options (they apply with --cluster-members; see bundles/cluster/README.md):",
            "      --cluster-members LIST",
            "                         join a cluster: comma-separated host:port of its members",
            "                         (env SWITCHBOARD_CLUSTER_MEMBERS); needs SWITCHBOARD_CLUSTER_SECRET",
            "      --cluster-port PORT",
            "                         this node's member port (env SWITCHBOARD_CLUSTER_PORT, default 5701);",
            "                         the next port carries the calls between nodes",
            "      --cluster-host ADDRESS",
            "                         this node's address in the cluster, the only one it binds",
            "                         (env SWITCHBOARD_CLUSTER_HOST, default 127.0.0.1)",
            "      --node-name NAME   this node's name (env SWITCHBOARD_NODE_NAME; default: generated",
            "                         once and kept in data/node-name)",
            "      --broker LIST      components this node serves its clients from other nodes: names,",
            "                         or * (env SWITCHBOARD_BROKER)",
            "",
            "environment:",
            "  SWITCHBOARD_ADMIN_PASSWORD  the admin password; when unset, one is generated on first",
            "                              start, stored in data/admin-password and printed once",
            "  SWITCHBOARD_TLS_KEYSTORE_PASSWORD  the password of switchboard.tls.keystore",
            "  SWITCHBOARD_STORE_PASSWORD  the password of the --store-url user (only the store's bundle reads it)",
            "  SWITCHBOARD_CLUSTER_SECRET  required with cluster members: the same secret (16 characters",
            "                              or more) on every node; nodes without it cannot join or call");

    static LaunchOptions parse(String[] args, Map<String, String> env) throws UsageException {
        Integer port = null;
        String host = null;
        Path home = null;
        List<String> features = null;
        boolean help = false;
        boolean version = false;
        Integer httpsPort = null;
        boolean tlsSelfSigned = false;
        String storeUrl = null;
        ClusterOptions.Flags cluster = ClusterOptions.Flags.NONE;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                inlineValue = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-h", "--help" -> help = true;
                case "-v", "--version" -> version = true;
                case "-p", "--port" -> port = parsePort(valueOf(arg, inlineValue, args, ++i), "--port");
                case "--host" -> host = valueOf(arg, inlineValue, args, ++i);
                case "--home" -> home = Path.of(valueOf(arg, inlineValue, args, ++i));
                case "--features" -> features = splitList(valueOf(arg, inlineValue, args, ++i));
                case "--https-port" -> httpsPort = parsePort(valueOf(arg, inlineValue, args, ++i), "--https-port");
                case "--tls-self-signed" -> tlsSelfSigned = true;
                case "--store-url" -> storeUrl = valueOf(arg, inlineValue, args, ++i).trim();
                default -> {
                    if (!ClusterOptions.Flags.names(arg)) {
                        throw new UsageException("unknown option: " + args[i]);
                    }
                    cluster = cluster.with(arg, valueOf(arg, inlineValue, args, ++i));
                }
            }
            if (inlineValue != null) {
                i--; // the value was inside the argument, not the next one
            }
        }
        if (port == null && notBlank(env.get(ENV_PORT))) {
            port = parsePort(env.get(ENV_PORT), ENV_PORT);
        }
        if (host == null && notBlank(env.get(ENV_HOST))) {
            host = env.get(ENV_HOST).trim();
        }
        if (home == null && notBlank(env.get(ENV_HOME))) {
            home = Path.of(env.get(ENV_HOME).trim());
        }
        if (features == null && notBlank(env.get(ENV_FEATURES))) {
            features = splitList(env.get(ENV_FEATURES));
        }
        if (httpsPort == null && notBlank(env.get(Tls.ENV_PORT))) {
            httpsPort = parsePort(env.get(Tls.ENV_PORT), Tls.ENV_PORT);
        }
        if (storeUrl == null && notBlank(env.get(SharedStore.ENV_URL))) {
            storeUrl = env.get(SharedStore.ENV_URL).trim();
        }
        return new LaunchOptions(port, host, home, features, help, version, httpsPort, tlsSelfSigned, storeUrl, cluster);
    }

    static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
        return items;
    }

    private static String valueOf(String flag, String inlineValue, String[] args, int index) throws UsageException {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (index >= args.length || args[index].startsWith("-")) {
            throw new UsageException("option " + flag + " needs a value");
        }
        return args[index];
    }

    static Integer parsePort(String value, String source) throws UsageException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException(source + " must be a port number from 0 to 65535, was: " + value);
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
