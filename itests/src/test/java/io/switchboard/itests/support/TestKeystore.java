package io.switchboard.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A PKCS#12 keystore with a certificate for localhost and 127.0.0.1, made as an operator would: with the JDK's keytool. */
public final class TestKeystore {

    private TestKeystore() {
    }

    /** Writes the keystore to {@code file} (its folder made), its key under the same password. */
    public static Path make(Path file, String password) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", password, "-keypass", password).inheritIO().start();
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed with exit code " + keytool.exitValue());
        }
        return file;
    }
}
