package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;

class AdminPasswordHandoffTest {

    private ServiceFactory<Object> factory;
    private java.util.Dictionary<String, ?> properties;

    @SuppressWarnings("unchecked")
    private AdminPasswordHandoff register(AdminPassword password) {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        factory = (ServiceFactory<Object>) args[1];
                        properties = (java.util.Dictionary<String, ?>) args[2];
                    }
                    return null;
                });
        return AdminPasswordHandoff.register(context, password);
    }

    private static Bundle at(String location, String symbolicName) {
        return (Bundle) Proxy.newProxyInstance(AdminPasswordHandoffTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLocation" -> location;
                    case "getSymbolicName" -> symbolicName;
                    default -> null;
                });
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyTheSecurityBundleGetsThePasswordAndItsAnswerReachesTheBanner() {
        AdminPasswordHandoff handoff = register(new AdminPassword("s3cret", false, AdminPassword.ENV));
        assertEquals("environment", properties.get("switchboard.bootstrap.source"));
        assertNull(factory.getService(at("file:/home/deploy/evil.jar", "evil"), null), "a bundle from deploy/ gets nothing");
        assertNull(factory.getService(at("file:/home/deploy/evil.jar", AdminPasswordHandoff.SECURITY_BUNDLE), null),
                "not even one that takes the security bundle's name");
        assertNull(factory.getService(at("switchboard:io.switchboard:switchboard-data:0.1.0", "io.switchboard.switchboard-data"), null),
                "nor does another bundle of ours");
        Object handed = factory.getService(at("switchboard:io.switchboard:switchboard-security:0.1.0-SNAPSHOT",
                AdminPasswordHandoff.SECURITY_BUNDLE), null);
        assertEquals("s3cret", ((Supplier<String>) handed).get());
        assertEquals(Optional.empty(), handoff.outcome());
        ((Consumer<String>) handed).accept("exists");
        assertEquals(Optional.of("exists"), handoff.outcome());
    }

    @Test
    void theConsoleGetsASaltedHashNeverThePassword() {
        String hashed = WebConsolePassword.hash("s3cret");
        assertTrue(hashed.startsWith("{sha-256}"), hashed);
        assertFalse(hashed.contains("s3cret"));
        assertTrue(WebConsolePassword.matches("s3cret", hashed));
        assertFalse(WebConsolePassword.matches("s3cret!", hashed));
        assertFalse(hashed.equals(WebConsolePassword.hash("s3cret")), "a new salt each time");
    }
}
