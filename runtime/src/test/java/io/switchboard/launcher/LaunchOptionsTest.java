package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void flagsWinOverTheEnvironment() throws UsageException {
        LaunchOptions options = LaunchOptions.parse(new String[] {"--port", "9000", "--home=/srv/sb"},
                Map.of("SWITCHBOARD_HTTP_PORT", "8081", "SWITCHBOARD_HOME", "/elsewhere"));
        assertEquals(9000, options.port());
        assertEquals(Path.of("/srv/sb"), options.home());
    }

    @Test
    void theEnvironmentFillsWhatFlagsLeaveOut() throws UsageException {
        LaunchOptions options = LaunchOptions.parse(new String[0],
                Map.of("SWITCHBOARD_HTTP_PORT", "8081", "SWITCHBOARD_FEATURES", "core, webconsole"));
        assertEquals(8081, options.port());
        assertEquals(List.of("core", "webconsole"), options.features());
        assertNull(options.home());
    }

    @Test
    void unknownFlagsAndBadValuesAreUsageErrorsThatSayWhat() {
        UsageException unknown = assertThrows(UsageException.class, () -> LaunchOptions.parse(new String[] {"--bogus"}, Map.of()));
        assertTrue(unknown.getMessage().contains("--bogus"));
        UsageException port = assertThrows(UsageException.class, () -> LaunchOptions.parse(new String[] {"-p", "http"}, Map.of()));
        assertTrue(port.getMessage().contains("port number"));
        assertThrows(UsageException.class, () -> LaunchOptions.parse(new String[] {"--port", "70000"}, Map.of()));
        assertThrows(UsageException.class, () -> LaunchOptions.parse(new String[] {"--home"}, Map.of()));
        UsageException env = assertThrows(UsageException.class,
                () -> LaunchOptions.parse(new String[0], Map.of("SWITCHBOARD_HTTP_PORT", "eighty")));
        assertTrue(env.getMessage().contains("SWITCHBOARD_HTTP_PORT"));
    }

    @Test
    void helpAndVersionAreRecognised() throws UsageException {
        assertTrue(LaunchOptions.parse(new String[] {"-h"}, Map.of()).help());
        assertTrue(LaunchOptions.parse(new String[] {"--version"}, Map.of()).version());
    }

    @Test
    void httpsComesFromAFlagOrTheEnvironment() throws UsageException {
        LaunchOptions flags = LaunchOptions.parse(new String[] {"--https-port", "8443", "--tls-self-signed"}, Map.of());
        assertEquals(8443, flags.httpsPort());
        assertTrue(flags.tlsSelfSigned());
        assertEquals(9443, LaunchOptions.parse(new String[0], Map.of("SWITCHBOARD_HTTPS_PORT", "9443")).httpsPort());
        assertNull(LaunchOptions.parse(new String[0], Map.of()).httpsPort());
    }
}
