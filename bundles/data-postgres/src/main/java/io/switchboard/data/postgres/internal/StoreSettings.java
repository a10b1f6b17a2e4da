package io.switchboard.data.postgres.internal;

import java.net.URI;
import java.net.URISyntaxException;

import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Where the store is and how to reach it: the JDBC URL (user and driver options in its query), the
 * password kept apart from it, and the pool's limits.
 *
 * @param url                     {@code jdbc:postgresql://host[:port][,host[:port]…]/database[?options]}
 * @param password                the password, or {@code null} for none (trust or peer authentication)
 * @param poolSize                connections at most
 * @param connectionTimeoutMillis how long an operation waits for a connection before it fails as unavailable
 * @param socketTimeoutMillis     how long a statement may wait for the server before the connection is given up
 */
record StoreSettings(String url, String password, int poolSize, int connectionTimeoutMillis, int socketTimeoutMillis) {

    static final String SCHEME = "jdbc:postgresql://";

    StoreSettings {
        where(url); // fails on a URL that names no server or database
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        if (connectionTimeoutMillis < 250) {
            throw new IllegalArgumentException("connectionTimeoutMillis must be at least 250, was " + connectionTimeoutMillis);
        }
        if (socketTimeoutMillis < 0) {
            throw new IllegalArgumentException("socketTimeoutMillis must not be negative, was " + socketTimeoutMillis);
        }
    }

    /**
     * The servers and database of a URL without its options (which may hold a user name or TLS
     * settings), for log lines and health reports: {@code 127.0.0.1:5432/switchboard}.
     */
    static String where(String url) {
        if (url == null || !url.startsWith(SCHEME)) {
            throw new IllegalArgumentException("the store URL must start with " + SCHEME + ", was: " + url);
        }
        String rest = url.substring(SCHEME.length());
        int query = rest.indexOf('?');
        String location = query < 0 ? rest : rest.substring(0, query);
        int slash = location.indexOf('/');
        if (slash <= 0 || slash == location.length() - 1) {
            throw new IllegalArgumentException("the store URL must name a server and a database (" + SCHEME + "host:port/database), was: " + url);
        }
        for (String server : location.substring(0, slash).split(",", -1)) {
            checkServer(server, url);
        }
        return location;
    }

    private static void checkServer(String server, String url) {
        try {
            URI uri = new URI("postgresql://" + server);
            if (uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getUserInfo() != null
                    || uri.getPort() > 65535) {
                throw new URISyntaxException(server, "not host[:port]");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the store URL names a server that is not host[:port] ('" + server + "'): " + url);
        }
    }

    /** Where the store is, for people: servers and database. */
    String location() {
        return where(url);
    }

    /**
     * A pool of connections to the store. It starts without connecting, so that a runtime whose
     * database is down still starts (and says so in its health) and connects once it is up.
     */
    HikariDataSource openPool() {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        if (password != null) {
            postgres.setPassword(password);
        }
        postgres.setApplicationName("switchboard");
        postgres.setTcpKeepAlive(true);
        postgres.setConnectTimeout(seconds(connectionTimeoutMillis));
        postgres.setSocketTimeout(seconds(socketTimeoutMillis));

        HikariConfig config = new HikariConfig();
        config.setPoolName("switchboard-store");
        config.setDataSource(postgres); // no driver lookup by class name: the driver is another bundle
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(connectionTimeoutMillis);
        config.setValidationTimeout(Math.max(250, connectionTimeoutMillis / 2));
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    /** The driver counts in whole seconds, 0 meaning never; round up so a short limit is not lost. */
    private static int seconds(int millis) {
        return millis == 0 ? 0 : Math.max(1, (millis + 999) / 1000);
    }
}
