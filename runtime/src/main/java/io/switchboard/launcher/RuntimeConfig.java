package io.switchboard.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The framework properties a runtime starts with, from three layers, later ones winning:
 * the features' {@code framework-properties}, then {@code etc/switchboard.properties}, then what
 * the launcher itself owns (where state lives, the HTTP port and address from flags or the
 * environment). {@code ${name}} references are resolved against the result and the JVM's system
 * properties.
 */
final class RuntimeConfig {

    static final String PROPERTIES_FILE = "switchboard.properties";
    static final String FEATURES_KEY = "switchboard.features";
    static final String SECURITY = "security";
    static final String INSECURE = "insecure";
    static final List<String> DEFAULT_FEATURES = List.of("core", "edge", "webconsole", "security", "bus");
    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_HOST = "0.0.0.0";

    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HTTP_HOST = "org.apache.felix.http.host";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");
    private static final String LOGGER_PREFIX = "org.slf4j.simpleLogger.";

    private RuntimeConfig() {
    }

    /** Reads {@code etc/switchboard.properties}; a home without one has no overrides. */
    static Properties readEtc(Path etc) throws IOException {
        Properties properties = new Properties();
        Path file = etc.resolve(PROPERTIES_FILE);
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        return properties;
    }

    static List<String> featureNames(LaunchOptions options, Properties etc) {
        if (options.features() != null) {
            return options.features();
        }
        String configured = etc.getProperty(FEATURES_KEY);
        return configured == null || configured.isBlank() ? DEFAULT_FEATURES : LaunchOptions.splitList(configured);
    }

    /**
     * The features to start: those named, and {@value #INSECURE} when {@value #SECURITY} is not
     * among them. The edges refuse everything without an authorizer, so a runtime without security
     * needs the permit-all ones of the insecure development mode (which the banner announces); and
     * a secured runtime never has them.
     *
     * @throws UsageException when both are named
     */
    static List<String> featuresToStart(List<String> named) throws UsageException {
        if (named.contains(SECURITY) && named.contains(INSECURE)) {
            throw new UsageException("the features '" + SECURITY + "' and '" + INSECURE + "' exclude each other; name '" + SECURITY
                    + "' for a secured runtime, or neither for the insecure development mode");
        }
        if (named.contains(SECURITY) || named.contains(INSECURE)) {
            return named;
        }
        List<String> started = new java.util.ArrayList<>(named);
        started.add(INSECURE);
        return List.copyOf(started);
    }

    static int port(LaunchOptions options, Properties etc) throws UsageException {
        if (options.port() != null) {
            return options.port();
        }
        String configured = etc.getProperty(HTTP_PORT);
        if (configured == null) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(HTTP_PORT + " in etc/" + PROPERTIES_FILE + " is not a port number: " + configured);
        }
    }

    static String host(LaunchOptions options, Properties etc) {
        if (options.host() != null) {
            return options.host();
        }
        return etc.getProperty(HTTP_HOST, DEFAULT_HOST).trim();
    }

    static final String CONSOLE_PROVIDERS = "felix.webconsole.security.providers";
    /** Settings of etc/ that only the launcher reads and hands to one bundle: never framework properties. */
    static final java.util.Set<String> LAUNCHER_SECRETS = java.util.Set.of(Tls.KEYSTORE_PASSWORD);

    static Map<String, String> frameworkProperties(List<Feature> features, Properties etc, Map<String, String> owned) {
        Map<String, String> merged = new LinkedHashMap<>();
        features.forEach(feature -> merged.putAll(feature.frameworkProperties()));
        etc.stringPropertyNames().stream()
                .filter(key -> !key.equals(FEATURES_KEY) && !key.startsWith(LOGGER_PREFIX) && !LAUNCHER_SECRETS.contains(key))
                .forEach(key -> merged.put(key, etc.getProperty(key)));
        merged.putAll(owned);
        Map<String, String> resolved = new LinkedHashMap<>();
        merged.forEach((key, value) -> resolved.put(key, resolve(value, merged, 0)));
        return resolved;
    }

    /**
     * The web console's own login, for runtimes without the security feature only: a salted hash
     * of the admin password, never the password. With the security feature the console requires
     * Switchboard's provider ({@value #CONSOLE_PROVIDERS}) and never falls back to its own login,
     * so no hash is set: framework properties are shown to administrators on the console's pages.
     */
    static void consoleFallbackLogin(Map<String, String> frameworkProperties, String adminPassword) {
        String required = frameworkProperties.get(CONSOLE_PROVIDERS);
        if (required == null || required.isBlank()) {
            frameworkProperties.put("felix.webconsole.username", "admin");
            frameworkProperties.put("felix.webconsole.password", WebConsolePassword.hash(adminPassword));
        }
    }

    /**
     * Logging settings go to system properties, where SLF4J's simple provider reads them; the
     * launcher sets them before any bundle can log.
     */
    static Map<String, String> loggingProperties(Properties etc) {
        Map<String, String> logging = new LinkedHashMap<>();
        logging.put(LOGGER_PREFIX + "showDateTime", "true");
        logging.put(LOGGER_PREFIX + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        logging.put(LOGGER_PREFIX + "logFile", "System.out");
        logging.put(LOGGER_PREFIX + "showShortLogName", "true");
        // A component's logger (mesh.<component>) takes its level from ConfigAdmin (io.switchboard.logging),
        // which changes while the component runs; this provider fixes a logger's level when it makes
        // the logger, so it lets every level of theirs through and the mesh decides.
        logging.put(LOGGER_PREFIX + "log.mesh", "trace");
        logging.put(LOGGER_PREFIX + "log.org.eclipse.jetty", "warn");
        logging.put(LOGGER_PREFIX + "log.org.apache.felix.webconsole", "warn");
        logging.put(LOGGER_PREFIX + "log.org.apache.felix.http", "warn");
        // The store's connection pool warns, with a stack trace, of each broken connection; the
        // provider says once that the database went away and once that it is back.
        logging.put(LOGGER_PREFIX + "log.com.zaxxer.hikari", "error");
        // The cluster's Hazelcast logs through SLF4J too (its OSGi activator reads this before any
        // configuration), and only what matters: Switchboard logs joins and departures itself.
        logging.put("hazelcast.logging.type", "slf4j");
        logging.put(LOGGER_PREFIX + "log.com.hazelcast", "warn");
        // Its one warning at start asks for --add-opens on the JDK, which would open the JDK to every
        // bundle; the runtime does not grant that, and Hazelcast works without it.
        logging.put(LOGGER_PREFIX + "log.com.hazelcast.instance.impl.HazelcastInstanceFactory", "error");
        logging.put(LOGGER_PREFIX + "log.com.hazelcast.osgi.impl.OSGiScriptEngineManager", "error");
        // A member's connections reset whenever another member stops or dies: the cluster logs the
        // member leaving; a stack trace per socket says nothing more.
        logging.put(LOGGER_PREFIX + "log.com.hazelcast.internal.server.tcp", "error");
        etc.stringPropertyNames().stream()
                .filter(key -> key.startsWith(LOGGER_PREFIX))
                .forEach(key -> logging.put(key, etc.getProperty(key)));
        return logging;
    }

    static String resolve(String value, Map<String, String> properties, int depth) {
        if (value == null || depth > 10 || !value.contains("${")) {
            return value;
        }
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = properties.containsKey(name) ? properties.get(name) : System.getProperty(name);
            replacement = replacement == null ? matcher.group() : resolve(replacement, properties, depth + 1);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
