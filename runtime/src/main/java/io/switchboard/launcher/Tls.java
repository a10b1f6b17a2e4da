package io.switchboard.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;

/**
 * HTTPS (and so WSS) on a second port, from a PKCS#12 keystore that holds the certificate and its
 * key, or, for development and only when asked for, a self-signed certificate generated once with
 * the JDK's keytool and kept in {@code data/tls/}.
 *
 * @param port       the HTTPS port
 * @param keystore   the PKCS#12 file
 * @param password   its password (also the key's)
 * @param selfSigned whether it is the generated development certificate
 */
record Tls(int port, Path keystore, String password, boolean selfSigned) {

    static final String ENV_PORT = "SWITCHBOARD_HTTPS_PORT";
    static final String ENV_PASSWORD = "SWITCHBOARD_TLS_KEYSTORE_PASSWORD";
    static final String KEYSTORE = "switchboard.tls.keystore";
    static final String KEYSTORE_PASSWORD = "switchboard.tls.keystore.password";
    static final String SELF_SIGNED = "switchboard.tls.self-signed";
    static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    static final String CONNECTOR_PORT = "switchboard.tls.port";
    static final String CONNECTOR_KEYSTORE = "switchboard.tls.keystore.file";
    static final String PASSWORD_SECRET = "tls.keystore.password";
    /** The bundle whose connector serves HTTPS, as the launcher installs it from the core feature. */
    static final String CONNECTOR_BUNDLE = "io.switchboard.switchboard-http";

    /** TLS as configured, or empty when no HTTPS port is set. */
    static Optional<Tls> resolve(LaunchOptions options, Map<String, String> env, Properties etc, Layout layout)
            throws IOException, UsageException {
        Integer port = options.httpsPort();
        if (port == null && etc.getProperty(HTTPS_PORT) != null) {
            port = LaunchOptions.parsePort(etc.getProperty(HTTPS_PORT), HTTPS_PORT + " in etc/" + RuntimeConfig.PROPERTIES_FILE);
        }
        if (port == null) {
            return Optional.empty();
        }
        String keystore = etc.getProperty(KEYSTORE);
        if (keystore != null && !keystore.isBlank()) {
            Path file = layout.home().resolve(keystore.trim());
            if (!Files.isReadable(file)) {
                throw new UsageException(KEYSTORE + " names " + file + ", which cannot be read");
            }
            String password = env.getOrDefault(ENV_PASSWORD, etc.getProperty(KEYSTORE_PASSWORD));
            if (password == null) {
                throw new UsageException("the keystore " + file + " needs a password: set " + ENV_PASSWORD + " or " + KEYSTORE_PASSWORD);
            }
            opens(file, password);
            return Optional.of(new Tls(port, file, password, false));
        }
        if (options.tlsSelfSigned() || Boolean.parseBoolean(etc.getProperty(SELF_SIGNED, "false"))) {
            return Optional.of(selfSigned(port, layout.data().resolve("tls")));
        }
        throw new UsageException("an HTTPS port is set but no certificate: set " + KEYSTORE + " (a PKCS#12 file) in etc/"
                + RuntimeConfig.PROPERTIES_FILE + ", or ask for a development certificate with --tls-self-signed");
    }

    /** A keystore that is not PKCS#12 or not opened by the password is the operator's to fix: said before anything starts. */
    private static void opens(Path file, String password) throws IOException, UsageException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.security.KeyStore.getInstance("PKCS12").load(in, password.toCharArray());
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new UsageException("the keystore " + file + " cannot be opened as PKCS#12 with the password given in " + ENV_PASSWORD
                    + " or " + KEYSTORE_PASSWORD + " (" + e.getMessage() + ")");
        }
    }

    /**
     * What the HTTP bundle's HTTPS connector reads: the port and the keystore's file, nothing
     * secret. The password goes to that bundle alone ({@link #offerPassword}): framework
     * properties are shown on the web console's pages.
     */
    Map<String, String> frameworkProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(CONNECTOR_PORT, Integer.toString(port));
        properties.put(CONNECTOR_KEYSTORE, keystore.toString());
        return properties;
    }

    void offerPassword(BundleContext systemContext) {
        BundleSecret.offer(systemContext, PASSWORD_SECRET, password, CONNECTOR_BUNDLE);
    }

    private static Tls selfSigned(int port, Path folder) throws IOException {
        Path keystore = folder.resolve("self-signed.p12");
        Path passwordFile = folder.resolve("self-signed.password");
        if (Files.exists(keystore) && Files.exists(passwordFile)) {
            return new Tls(port, keystore, Files.readString(passwordFile, StandardCharsets.UTF_8).trim(), true);
        }
        Layout.ownerOnlyFolder(folder);
        Files.deleteIfExists(keystore);
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "switchboard",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "825", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool could not create a self-signed certificate: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating a self-signed certificate", e);
        }
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
        return new Tls(port, keystore, password, true);
    }
}
