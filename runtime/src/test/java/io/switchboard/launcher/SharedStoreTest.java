package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;

class SharedStoreTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/switchboard?user=sb";

    @Test
    void theURLComesFromTheFlagOrTheEnvironmentAndThePasswordOnlyFromTheEnvironment() throws UsageException {
        Map<String, String> env = Map.of("SWITCHBOARD_STORE_URL", "jdbc:postgresql://env/db", "SWITCHBOARD_STORE_PASSWORD", "s3cret");
        SharedStore flag = SharedStore.resolve(LaunchOptions.parse(new String[] { "--store-url", URL }, env), env).orElseThrow();
        assertEquals(URL, flag.url());
        assertEquals("s3cret", flag.password());
        assertEquals("jdbc:postgresql://env/db", SharedStore.resolve(LaunchOptions.parse(new String[0], env), env).orElseThrow().url());
        assertNull(SharedStore.resolve(LaunchOptions.parse(new String[] { "--store-url=" + URL }, Map.of()), Map.of()).orElseThrow().password());
        assertFalse(flag.toString().contains("s3cret"), "the password is never printed");
        UsageException noFlag = assertThrows(UsageException.class, () -> LaunchOptions.parse(new String[] { "--store-password", "x" }, Map.of()));
        assertTrue(noFlag.getMessage().contains("--store-password"));
    }

    @Test
    void withoutAURLNothingChanges() throws UsageException {
        assertEquals(Optional.empty(), SharedStore.resolve(LaunchOptions.parse(new String[0], Map.of()), Map.of("SWITCHBOARD_STORE_PASSWORD", "x")));
    }

    @Test
    void aStoreStartsItsFeatureOnceAndPassesTheURLAsAFrameworkProperty() throws UsageException {
        SharedStore store = SharedStore.resolve(LaunchOptions.parse(new String[] { "--store-url", URL }, Map.of()), Map.of()).orElseThrow();
        assertEquals(List.of("core", "edge", "postgres"), store.withFeature(List.of("core", "edge")));
        assertEquals(List.of("core", "postgres"), store.withFeature(List.of("core", "postgres")));
        assertEquals(Map.of("switchboard.store.url", URL), store.frameworkProperties());
    }

    @ParameterizedTest
    @ValueSource(strings = { "postgresql://h/db", "jdbc:postgres://h/db", "jdbc:postgresql://", "jdbc:postgresql://h", "jdbc:postgresql://h/",
            "jdbc:postgresql://h:port/db", "jdbc:postgresql://h:70000/db", "jdbc:postgresql://u@h/db", "jdbc:postgresql://h,/db",
            "jdbc:postgresql://h/db?user=sb&password=secret", "jdbc:postgresql://h/db?sslpassword=x" })
    void aMalformedURLOrOneWithAPasswordIsAUsageErrorThatSaysWhy(String url) {
        UsageException refused = assertThrows(UsageException.class, () -> SharedStore.check(url));
        assertTrue(refused.getMessage().contains("store URL"), refused.getMessage());
        assertTrue(refused.getMessage().contains("jdbc:postgresql://host[:port]") || refused.getMessage().contains("SWITCHBOARD_STORE_PASSWORD"),
                refused.getMessage());
    }

    @Test
    void thePasswordIsGivenToTheProvisionedProviderBundleAndToNoOther() {
        BundleSecretProbe probe = new BundleSecretProbe();
        assertNotNull(probe.serviceFor("switchboard:io.switchboard:switchboard-data-postgres:1.0.0", SharedStore.PROVIDER_BUNDLE));
        assertEquals("pw", probe.serviceFor("switchboard:io.switchboard:switchboard-data-postgres:1.0.0", SharedStore.PROVIDER_BUNDLE).get());
        assertNull(probe.serviceFor("file:/srv/switchboard/deploy/evil.jar", SharedStore.PROVIDER_BUNDLE), "same name, dropped into deploy/");
        assertNull(probe.serviceFor("switchboard:io.switchboard:switchboard-mesh:1.0.0", "io.switchboard.switchboard-mesh"));
    }

    /** Asks a BundleSecret for its service on behalf of a bundle with a given location and symbolic name. */
    private static final class BundleSecretProbe {
        private final java.util.concurrent.atomic.AtomicReference<BundleSecret> secret = new java.util.concurrent.atomic.AtomicReference<>();

        BundleSecretProbe() {
            org.osgi.framework.BundleContext context = (org.osgi.framework.BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { org.osgi.framework.BundleContext.class }, (proxy, method, args) -> {
                        if (method.getName().equals("registerService")) {
                            secret.set((BundleSecret) args[1]);
                        }
                        return null;
                    });
            BundleSecret.offer(context, SharedStore.PASSWORD_SECRET, "pw", SharedStore.PROVIDER_BUNDLE);
        }

        Supplier<String> serviceFor(String location, String symbolicName) {
            Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Bundle.class },
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getLocation" -> location;
                        case "getSymbolicName" -> symbolicName;
                        default -> null;
                    });
            return secret.get().getService(bundle, null);
        }
    }
}
