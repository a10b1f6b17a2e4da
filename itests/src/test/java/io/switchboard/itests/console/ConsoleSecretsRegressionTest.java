package io.switchboard.itests.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.RawHttp;
import io.switchboard.itests.support.RunningRuntime;

/**
 * The stock console pages that list framework properties (Status → Framework Properties, bundle
 * 0's details) carried the console's own password hash, a secret derived from the admin password.
 * With the security feature the console only ever logs in through Switchboard's users, so the
 * runtime sets no such property at all.
 */
class ConsoleSecretsRegressionTest {

    private static final String PASSWORD = "itest-secret";

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,webconsole,security");

    private static String page(String page) {
        RawHttp.Response answer = new RawHttp(RUNTIME.port()).send("GET", "/system/console/" + page,
                "Authorization: Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes()));
        assertEquals(200, answer.status(), answer.body());
        return answer.body();
    }

    @Test
    void noPageThatListsFrameworkPropertiesShowsTheConsolesPasswordOrItsHash() {
        for (String page : new String[] {"status-Framework%20Properties.txt", "bundles/0.json"}) {
            String body = page(page);
            assertTrue(body.contains("felix.webconsole.security.providers"), page + " lists the framework properties");
            assertFalse(body.contains("felix.webconsole.password"), page + " names the console's password");
            assertFalse(body.contains("{sha-256}"), page + " shows a password hash");
            assertFalse(body.contains(PASSWORD), page + " shows the admin password");
        }
    }
}
