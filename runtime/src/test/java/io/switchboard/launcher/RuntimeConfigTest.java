package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class RuntimeConfigTest {

    @Test
    void laterLayersWinAndReferencesResolve() {
        Feature core = new Feature("core", List.of(), Map.of("felix.fileinstall.dir", "${switchboard.home}/etc", "x", "feature"));
        Properties etc = new Properties();
        etc.setProperty("x", "etc");
        etc.setProperty("y", "etc");
        etc.setProperty(RuntimeConfig.FEATURES_KEY, "core");
        etc.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        Map<String, String> result = RuntimeConfig.frameworkProperties(List.of(core), etc,
                Map.of("switchboard.home", "/srv/sb", "y", "launcher"));
        assertEquals("/srv/sb/etc", result.get("felix.fileinstall.dir"));
        assertEquals("etc", result.get("x"));
        assertEquals("launcher", result.get("y"));
        assertEquals(null, result.get(RuntimeConfig.FEATURES_KEY), "a launcher setting, not a framework property");
        assertEquals(null, result.get("org.slf4j.simpleLogger.defaultLogLevel"), "a logging setting, not a framework property");
    }

    @Test
    void theConsolesOwnLoginIsSetOnlyWhenNoSecurityProviderIsRequired() {
        Map<String, String> secured = new java.util.HashMap<>(Map.of(RuntimeConfig.CONSOLE_PROVIDERS, "switchboard"));
        RuntimeConfig.consoleFallbackLogin(secured, "s3cret");
        assertEquals(null, secured.get("felix.webconsole.password"), "no hash where the console can never use it");
        assertEquals(null, secured.get("felix.webconsole.username"));

        Map<String, String> bare = new java.util.HashMap<>();
        RuntimeConfig.consoleFallbackLogin(bare, "s3cret");
        assertEquals("admin", bare.get("felix.webconsole.username"));
        org.junit.jupiter.api.Assertions.assertTrue(WebConsolePassword.matches("s3cret", bare.get("felix.webconsole.password")),
                "without the security feature the console's login is the admin password, hashed");
    }

    @Test
    void unknownReferencesStayAsTheyAre() {
        assertEquals("${nobody.knows}/x", RuntimeConfig.resolve("${nobody.knows}/x", Map.of(), 0));
    }

    @Test
    void featuresComeFromFlagsThenEtcThenTheDefault() throws UsageException {
        Properties etc = new Properties();
        assertEquals(RuntimeConfig.DEFAULT_FEATURES, RuntimeConfig.featureNames(LaunchOptions.parse(new String[0], Map.of()), etc));
        etc.setProperty(RuntimeConfig.FEATURES_KEY, "core");
        assertEquals(List.of("core"), RuntimeConfig.featureNames(LaunchOptions.parse(new String[0], Map.of()), etc));
        assertEquals(List.of("core", "webconsole"),
                RuntimeConfig.featureNames(LaunchOptions.parse(new String[] {"--features", "core,webconsole"}, Map.of()), etc));
    }

    @Test
    void withoutSecurityTheInsecureModeStartsAndNeverBeside() {
        assertEquals(List.of("core", "edge", "insecure"), assertDoesNotThrow(() -> RuntimeConfig.featuresToStart(List.of("core", "edge"))));
        assertEquals(List.of("core", "security"), assertDoesNotThrow(() -> RuntimeConfig.featuresToStart(List.of("core", "security"))));
        assertEquals(List.of("core", "insecure"), assertDoesNotThrow(() -> RuntimeConfig.featuresToStart(List.of("core", "insecure"))));
        assertThrows(UsageException.class, () -> RuntimeConfig.featuresToStart(List.of("core", "security", "insecure")));
    }

    @Test
    void loggingSettingsFromEtcOverrideTheDefaults() {
        Properties etc = new Properties();
        etc.setProperty("org.slf4j.simpleLogger.logFile", "/var/log/sb.log");
        assertEquals("/var/log/sb.log", RuntimeConfig.loggingProperties(etc).get("org.slf4j.simpleLogger.logFile"));
    }
}
