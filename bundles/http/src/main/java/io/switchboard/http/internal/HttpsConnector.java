package io.switchboard.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.function.Supplier;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * HTTPS (and so WSS) on its own port. The Felix HTTP service can serve HTTPS itself, but only from
 * framework properties or its ConfigAdmin configuration, and the stock console pages show both to
 * administrators, the keystore password included. So the launcher hands the password to this
 * bundle alone (a {@code switchboard.secret} service only the bundle it installed can get) and
 * this component gives Jetty the connector through Felix's {@link ConnectorFactory} whiteboard.
 * It is satisfied only when the launcher offers the secret, that is when an HTTPS port is set.
 */
@Component(service = ConnectorFactory.class)
public final class HttpsConnector implements ConnectorFactory {

    /** The HTTPS port and the PKCS#12 file, framework properties set by the launcher (not secret). */
    static final String PORT = "switchboard.tls.port";
    static final String KEYSTORE = "switchboard.tls.keystore.file";
    static final String HOST = "org.apache.felix.http.host";
    /** Felix's idle timeout for its own connectors, so both ports behave alike. */
    static final String IDLE_TIMEOUT = "org.apache.felix.http.timeout";
    static final String PASSWORD_SECRET = "(switchboard.secret=tls.keystore.password)";

    private final int port;
    private final String host;
    private final long idleTimeoutMillis;
    private final Path keystore;
    private final String password;

    @Activate
    public HttpsConnector(BundleContext context, @Reference(service = Supplier.class, target = PASSWORD_SECRET) Supplier<?> password)
            throws IOException, GeneralSecurityException {
        this(Integer.parseInt(required(context, PORT)), context.getProperty(HOST), Path.of(required(context, KEYSTORE)),
                String.valueOf(password.get()), idleTimeout(context.getProperty(IDLE_TIMEOUT)));
    }

    HttpsConnector(int port, String host, Path keystore, String password, long idleTimeoutMillis) throws IOException, GeneralSecurityException {
        this.port = port;
        this.host = host;
        this.keystore = keystore;
        this.password = password;
        this.idleTimeoutMillis = idleTimeoutMillis;
        check(keystore, password);
    }

    private static String required(BundleContext context, String key) {
        String value = context.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("HTTPS is asked for but " + key + " is not set");
        }
        return value.trim();
    }

    private static long idleTimeout(String value) {
        return value == null || value.isBlank() ? 60_000 : Long.parseLong(value.trim());
    }

    /** A wrong password or an unreadable file fails here, at activation, where health reports it. */
    private static void check(Path keystore, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
    }

    @Override
    public Connector createConnector(Server server) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(password);
        tls.setKeyManagerPassword(password);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSecureScheme("https");
        http.setSecurePort(port);
        // request.isSecure() and the certificate's details for servlets; HSTS depends on it.
        http.addCustomizer(new SecureRequestCustomizer());

        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        connector.setName("switchboard-https");
        connector.setHost(host == null || host.isBlank() ? null : host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeoutMillis);
        return connector;
    }
}
