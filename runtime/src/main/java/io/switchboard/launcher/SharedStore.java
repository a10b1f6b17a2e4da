package io.switchboard.launcher;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;

/**
 * The shared data store of a cluster, PostgreSQL, when a store URL is set: {@code --store-url} or
 * {@code SWITCHBOARD_STORE_URL} ({@code jdbc:postgresql://host[:port][,host[:port]…]/database},
 * the user and driver options in its query), with the password in
 * {@code SWITCHBOARD_STORE_PASSWORD}. It starts the {@value #FEATURE} feature, whose provider then
 * replaces the embedded store as the default; without a URL nothing changes.
 *
 * <p>The URL reaches the provider as the framework property {@value #URL_PROPERTY}, like other
 * settings; the password does not (framework properties are readable by every bundle and shown in
 * the web console): it is a {@link BundleSecret} that the framework hands to the provider's bundle
 * alone. There is no flag for it, since a command line is visible to every user of the machine, and
 * a password in the URL is refused for the same reasons.
 *
 * @param url      the JDBC URL, checked
 * @param password the password, or {@code null}
 */
record SharedStore(String url, String password) {

    static final String ENV_URL = "SWITCHBOARD_STORE_URL";
    static final String ENV_PASSWORD = "SWITCHBOARD_STORE_PASSWORD";
    static final String FEATURE = "postgres";
    static final String URL_PROPERTY = "switchboard.store.url";
    static final String PASSWORD_SECRET = "store.password";
    /** The bundle that may read the password: the provider, as the launcher installs it from the feature. */
    static final String PROVIDER_BUNDLE = "io.switchboard.switchboard-data-postgres";

    private static final String SCHEME = "jdbc:postgresql://";

    /** The store when a URL is set; a malformed URL is a usage error that says what the URL must look like. */
    static Optional<SharedStore> resolve(LaunchOptions options, Map<String, String> env) throws UsageException {
        String url = options.storeUrl();
        if (url == null) {
            return Optional.empty();
        }
        check(url);
        String password = env.get(ENV_PASSWORD);
        return Optional.of(new SharedStore(url, password == null || password.isEmpty() ? null : password));
    }

    /**
     * The same rules as the provider's, checked here so that a typo stops the launch (exit 2) rather
     * than leaving a runtime whose store never answers.
     */
    static void check(String url) throws UsageException {
        String source = "the store URL (--store-url or " + ENV_URL + ")";
        String shape = SCHEME + "host[:port][,host[:port]...]/database[?user=...]";
        if (!url.startsWith(SCHEME)) {
            throw new UsageException(source + " must look like " + shape + ", was: " + url);
        }
        String rest = url.substring(SCHEME.length());
        int query = rest.indexOf('?');
        String location = query < 0 ? rest : rest.substring(0, query);
        int slash = location.indexOf('/');
        if (slash <= 0 || slash == location.length() - 1) {
            throw new UsageException(source + " names no server or no database; it must look like " + shape + ", was: " + url);
        }
        for (String server : location.substring(0, slash).split(",", -1)) {
            if (!isHostAndPort(server)) {
                throw new UsageException(source + " names a server that is not host[:port] ('" + server + "'); it must look like " + shape);
            }
        }
        if (query >= 0) {
            for (String option : rest.substring(query + 1).split("&")) {
                String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
                if (name.equalsIgnoreCase("password") || name.equalsIgnoreCase("sslpassword")) {
                    throw new UsageException(source + " must not hold a password (it would be visible to every bundle and in the"
                            + " console): set " + ENV_PASSWORD + " instead");
                }
            }
        }
    }

    private static boolean isHostAndPort(String server) {
        try {
            URI uri = new URI("postgresql://" + server);
            return uri.getHost() != null && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getUserInfo() == null
                    && uri.getPort() <= 65535;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The features to start: those asked for, and the store's. */
    List<String> withFeature(List<String> features) {
        List<String> all = new ArrayList<>(features);
        if (!all.contains(FEATURE)) {
            all.add(FEATURE);
        }
        return all;
    }

    Map<String, String> frameworkProperties() {
        return Map.of(URL_PROPERTY, url);
    }

    /** Offers the password to the provider's bundle; call after the framework is initialised, before it starts. */
    void offerPassword(BundleContext systemContext) {
        if (password != null) {
            BundleSecret.offer(systemContext, PASSWORD_SECRET, password, PROVIDER_BUNDLE);
        }
    }

    @Override
    public String toString() {
        return "SharedStore[" + url + (password == null ? "" : ", password set") + "]";
    }
}
