package io.switchboard.itests.mesh;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;

import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.itests.mesh.MeshHttp.Answer;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Distribution;
import io.switchboard.itests.support.FeatureOptions;
import io.switchboard.system.http.HttpAuthorizer;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.TempFolder;

/**
 * Issue 11 item 2, the mesh's part: with no {@link OriginPermissions} service (the security bundle
 * stopped or being updated; here, never started), a client's call is refused with
 * {@code security.unavailable} instead of reaching the component unchecked, and it works again as
 * soon as one is registered, and stops again when it goes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MeshFailsClosedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        Path home = TempFolder.untilExit("switchboard-mesh-closed");
        return options(
                composite(FeatureOptions.of(home, "core")),
                org.ops4j.pax.exam.CoreOptions.bundle(Distribution.deployed("device-manager-1.0.0.jar").toUri().toString()).startLevel(20),
                frameworkProperty("org.osgi.service.http.port").value(Integer.toString(FreePort.pick())),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                junitBundles());
    }

    @Test
    public void clientsAreRefusedWhileNoServiceSaysWhatTheyMayDo() {
        MeshHttp http = new MeshHttp(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        Await.until("deviceManager runs", WAIT, () -> http.description().body().toString().contains("\"deviceManager\""));
        // The edge lets requests through (an authorizer of the test's own) while the insecure mode's
        // bundle, and with it its permit-all OriginPermissions, is stopped: what refuses is the mesh.
        context.registerService(HttpAuthorizer.class, (request, access) -> { }, null);
        stop("io.switchboard.switchboard-insecure");

        Answer refused = http.call("deviceManager", "version", null);
        assertEquals(refused.body().toString(), 503, refused.status());
        assertEquals("security.unavailable", refused.code());

        ServiceRegistration<OriginPermissions> permissions = context.registerService(OriginPermissions.class,
                (origin, action, path) -> true, null);
        Answer allowed = Await.until("a call once a service answers", WAIT, () -> {
            Answer answer = http.call("deviceManager", "version", null);
            return answer.status() == 200 ? answer : null;
        });
        assertEquals("1.0.0", allowed.body().asText());

        permissions.unregister(); // security stops, or is being updated
        Answer again = Await.until("refused again", WAIT, () -> {
            Answer answer = http.call("deviceManager", "version", null);
            return answer.status() == 503 ? answer : null;
        });
        assertEquals("security.unavailable", again.code());
    }

    private void stop(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().equals(symbolicName)) {
                try {
                    bundle.stop();
                } catch (BundleException e) {
                    throw new AssertionError("could not stop " + symbolicName, e);
                }
                return;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }
}
