package io.switchboard.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;

import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts a Switchboard runtime in the foreground: Felix with the features' bundles, the home's
 * configuration and hot-deploy folder, and a clean stop (exit code 0) on SIGTERM or Ctrl-C.
 *
 * <p>Exit codes: 0 stopped cleanly, 1 failed at run time, 2 bad command line or configuration,
 * 3 a port it needs is taken, 4 the cluster refused this node (another secret, or its name taken).
 */
public final class Main {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_PORT_IN_USE = 3;
    static final int EXIT_REFUSED = 4;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private Main() {
    }

    /** Held so the level set on it is not lost to garbage collection (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger SPIFLY_LOG = java.util.logging.Logger.getLogger("org.apache.aries.spifly");

    public static void main(String[] args) {
        // SPI Fly logs through java.util.logging: one line per record, and only what matters.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ [jul] %4$s %3$s - %5$s%6$s%n");
        SPIFLY_LOG.setLevel(java.util.logging.Level.WARNING);
        int code;
        try {
            code = run(args, System.getenv(), System.out, System.err);
        } catch (IOException e) {
            // A broken installation or home (missing bundle, unreadable file): the message says which.
            System.err.println("switchboard: failed to start: " + e.getMessage());
            code = EXIT_FAILED;
        } catch (Exception e) {
            System.err.println("switchboard: failed to start: " + e);
            e.printStackTrace(System.err);
            code = EXIT_FAILED;
        }
        // Exit explicitly: a thread some bundle left behind must not keep the JVM alive.
        System.exit(code);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, env);
        } catch (UsageException e) {
            err.println("switchboard: " + e.getMessage());
            err.println(LaunchOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.println(LaunchOptions.USAGE);
            return EXIT_OK;
        }
        String version = version();
        if (options.version()) {
            out.println("Switchboard " + version);
            return EXIT_OK;
        }

        Path distribution = Layout.findDistribution();
        Layout layout = new Layout(distribution, options.home() == null ? distribution : options.home().toAbsolutePath().normalize());
        try {
            layout.prepareHome();
        } catch (IOException e) {
            err.println("switchboard: cannot use " + layout.home() + " as the home folder: " + e.getMessage());
            return EXIT_USAGE;
        }
        Properties etc = RuntimeConfig.readEtc(layout.etc());
        List<Feature> features;
        List<String> featureNames;
        ClusterOptions cluster;
        int port;
        String host;
        Optional<SharedStore> store;
        try {
            store = SharedStore.resolve(options, env);
            cluster = ClusterOptions.resolve(options.cluster(), env, layout.data());
            List<String> named = ClusterOptions.features(RuntimeConfig.featuresToStart(RuntimeConfig.featureNames(options, etc)), cluster);
            featureNames = store.isPresent() ? store.get().withFeature(named) : named;
            features = Feature.readAll(layout.featureFiles(), featureNames);
            port = RuntimeConfig.port(options, etc);
            host = RuntimeConfig.host(options, etc);
        } catch (UsageException e) {
            err.println("switchboard: " + e.getMessage());
            return EXIT_USAGE;
        }
        Optional<Tls> tls;
        try {
            tls = Tls.resolve(options, env, etc, layout);
        } catch (UsageException e) {
            err.println("switchboard: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (port != 0 && !portIsFree(host, port)) {
            err.println("switchboard: cannot listen on " + host + ":" + port + ": the port is already in use."
                    + " Choose another with --port or " + LaunchOptions.ENV_PORT + ".");
            return EXIT_PORT_IN_USE;
        }
        if (tls.isPresent() && tls.get().port() != 0 && !portIsFree(host, tls.get().port())) {
            err.println("switchboard: cannot listen on " + host + ":" + tls.get().port() + " for HTTPS: the port is already in use."
                    + " Choose another with --https-port or " + Tls.ENV_PORT + ".");
            return EXIT_PORT_IN_USE;
        }
        if (cluster != null) {
            for (int clusterPort : cluster.ports()) {
                if (!portIsFree(cluster.host(), clusterPort)) {
                    err.println("switchboard: cannot listen on " + cluster.host() + ":" + clusterPort + " for the cluster: the port is already"
                            + " in use. Choose another with --cluster-port or " + ClusterOptions.ENV_PORT + " (it uses that port and the next).");
                    return EXIT_PORT_IN_USE;
                }
            }
        }
        AdminPassword admin = AdminPassword.resolve(env, layout.data());
        RuntimeConfig.loggingProperties(etc).forEach(System::setProperty);

        Map<String, String> owned = new LinkedHashMap<>();
        owned.put("switchboard.version", version);
        owned.put("switchboard.home", layout.home().toString());
        owned.put("switchboard.distribution", layout.distribution().toString());
        owned.put(Constants.FRAMEWORK_STORAGE, layout.frameworkStorage().toString());
        owned.put(RuntimeConfig.HTTP_PORT, Integer.toString(port));
        owned.put(RuntimeConfig.HTTP_HOST, host);
        tls.ifPresent(settings -> owned.putAll(settings.frameworkProperties()));
        store.ifPresent(settings -> owned.putAll(settings.frameworkProperties()));
        if (cluster != null) {
            owned.putAll(cluster.frameworkProperties());
        }
        Map<String, String> frameworkProperties = RuntimeConfig.frameworkProperties(features, etc, owned);
        // The security service's first administrator gets the password through a handoff only it can open.
        RuntimeConfig.consoleFallbackLogin(frameworkProperties, admin.value());

        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(frameworkProperties);
        framework.init();
        AdminPasswordHandoff handoff = AdminPasswordHandoff.register(framework.getBundleContext(), admin);
        store.ifPresent(settings -> settings.offerPassword(framework.getBundleContext()));
        tls.ifPresent(settings -> settings.offerPassword(framework.getBundleContext()));
        List<String> changes = new Provisioner(framework.getBundleContext(), layout.system()).apply(features);
        reportProvisioning(out, features, changes);
        StopOnSignal.install(framework, STOP_TIMEOUT, err);
        ExitRequests exits = ExitRequests.listen(framework);
        framework.start();

        Readiness.Result ready = new Readiness(framework.getBundleContext(), host).await(READY_TIMEOUT);
        if (exits.requested()) {
            framework.waitForStop(STOP_TIMEOUT.toMillis());
            err.println("switchboard: " + exits.reason());
            return exits.code();
        }
        long startedMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        // Without security, anyone who reaches the port may do anything: say so, loudly.
        boolean insecure = features.stream().anyMatch(f -> f.name().equals(RuntimeConfig.INSECURE));
        boolean adminPasswordIgnored = admin.source().equals(AdminPassword.ENV) && handoff.outcome().filter("exists"::equals).isPresent();
        Banner.print(out, version, ready, startedMillis, layout, admin, tls.map(t -> httpsUrl(host, t)), insecure, adminPasswordIgnored,
                Optional.ofNullable(cluster).map(c -> ClusterBanner.line(framework.getBundleContext(), c)));

        FrameworkEvent stopped = framework.waitForStop(0);
        if (exits.requested()) {
            err.println("switchboard: " + exits.reason());
            return exits.code();
        }
        return stopped.getType() == FrameworkEvent.ERROR ? EXIT_FAILED : EXIT_OK;
    }

    /** One line for a first start; a line per change otherwise, as updates and removals matter to an operator. */
    private static void reportProvisioning(PrintStream out, List<Feature> started, List<String> changes) {
        long installed = changes.stream().filter(change -> change.startsWith("installed ")).count();
        String features = String.join(", ", started.stream().map(Feature::name).toList());
        if (installed > 0) {
            out.println("switchboard: features " + features + ": " + installed + " bundles installed");
        }
        changes.stream().filter(change -> !change.startsWith("installed ")).forEach(change -> out.println("switchboard: " + change));
    }

    private static String httpsUrl(String host, Tls tls) {
        return "https://" + Readiness.urlHost(host) + ":" + tls.port() + "/"
                + (tls.selfSigned() ? " (self-signed certificate: for development only)" : "");
    }

    private static boolean portIsFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
