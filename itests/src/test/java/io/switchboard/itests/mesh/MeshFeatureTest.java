package io.switchboard.itests.mesh;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.mesh.MeshHttp.Answer;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Distribution;
import io.switchboard.itests.support.FeatureOptions;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.TempFolder;

/**
 * The mesh in a real Felix with the core feature and the example components a fresh distribution has
 * in deploy/: component bundles found and started,
 * the plain-HTTP surface, events between the examples, and versions installed beside each other and
 * removed under load.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MeshFeatureTest {

    private static final String DEVICE_MANAGER = "io.switchboard.examples.device-manager";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private BundleContext context;

    private MeshHttp http;

    @Configuration
    public Option[] config() throws IOException {
        Path home = TempFolder.untilExit("switchboard-mesh-itest");
        return options(
                composite(FeatureOptions.of(home, "core")),
                composite(Distribution.deployedJars().stream()
                        .map(jar -> org.ops4j.pax.exam.CoreOptions.bundle(jar.toUri().toString()).startLevel(20))
                        .toArray(Option[]::new)),
                frameworkProperty("org.osgi.service.http.port").value(Integer.toString(FreePort.pick())),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                junitBundles());
    }

    @Before
    public void connect() {
        http = new MeshHttp(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        try {
            Await.until("the examples run on the mesh", WAIT, () -> running(http.description().body()).size() >= 3);
        } catch (AssertionError e) {
            StringBuilder states = new StringBuilder();
            for (Bundle bundle : context.getBundles()) {
                if (bundle.getSymbolicName().startsWith("io.switchboard") || bundle.getSymbolicName().startsWith("org.semver4j")) {
                    states.append(bundle.getSymbolicName()).append(' ').append(bundle.getVersion()).append(": ").append(bundle.getState()).append('\n');
                }
            }
            throw new AssertionError(e.getMessage() + "; description " + http.description() + "; bundles\n" + states);
        }
    }

    private static List<String> running(JsonNode description) {
        List<String> running = new ArrayList<>();
        for (JsonNode component : description.path("components")) {
            if (component.path("state").asText().equals("running")) {
                running.add(component.path("name").asText() + "@" + component.path("version").asText());
            }
        }
        return running;
    }

    @Test
    public void theExampleComponentsAreDescribedWithTheirMethodsEventsAndDependencies() {
        Answer answer = http.description();
        assertEquals(200, answer.status());
        assertTrue(running(answer.body()).containsAll(List.of("deviceManager@1.0.0", "customerNotifier@1.0.0", "browserNotifier@1.0.0")));
        JsonNode deviceManager = find(answer.body(), "deviceManager", "1.0.0");
        assertTrue(deviceManager.path("methods").toString(), deviceManager.path("methods").toString().contains("update(1)"));
        assertEquals("alert", deviceManager.path("events").get(0).asText());
        assertEquals("^1.0.0", find(answer.body(), "customerNotifier", "1.0.0").path("dependencies").path("deviceManager").asText());
    }

    @Test
    public void plainHttpCallsAnswerWithTheResultOrACodedError() {
        Answer device = http.call("deviceManager", "device", null, "thermostat-1");
        assertEquals(200, device.status());
        assertEquals("alice", device.body().path("customer").asText());

        Answer unknownMethod = http.call("deviceManager", "explode", null);
        assertEquals(404, unknownMethod.status());
        assertEquals("mesh.method-not-found", unknownMethod.code());

        Answer noVersion = http.call("deviceManager", "version", "^2.0.0");
        assertEquals(404, noVersion.status());
        assertEquals("mesh.no-matching-version", noVersion.code());
        assertTrue(noVersion.body().toString(), noVersion.body().path("error").path("message").asText().contains("1.0.0"));

        Answer badRange = http.call("deviceManager", "version", "soon");
        assertEquals(400, badRange.status());
        assertEquals("mesh.invalid-range", badRange.code());

        Answer calleeCode = http.call("deviceManager", "device", null, "toaster-9");
        assertEquals(500, calleeCode.status());
        assertEquals("devices.unknown-device", calleeCode.code());

        Answer notJson = http.post("/api/exchange/deviceManager/device", "{not json");
        assertEquals(400, notJson.status());
        assertEquals("mesh.bad-arguments", notJson.code());

        Answer wrongMethod = http.get("/api/exchange/deviceManager/version");
        assertEquals(405, wrongMethod.status());
        assertEquals("mesh.method-not-allowed", wrongMethod.code());

        Answer badArgument = http.call("deviceManager", "update", null, "not a reading");
        assertEquals(400, badArgument.status());
        assertEquals("mesh.bad-arguments", badArgument.code());
    }

    @Test
    public void anAlertReachesTheCustomerNotifierOnceAndEveryBrowserNotifier() {
        int smsBefore = http.call("customerNotifier", "sent", null).body().size();
        int popupsBefore = http.call("browserNotifier", "popups", null).body().size();
        assertEquals(200, http.call("deviceManager", "update", null, new Reading("thermostat-1", 12)).status());
        assertEquals(200, http.call("deviceManager", "update", null, new Reading("thermostat-1", 45)).status());

        JsonNode sent = Await.until("the SMS is sent", WAIT, () -> {
            JsonNode now = http.call("customerNotifier", "sent", null).body();
            return now.size() > smsBefore ? now : null;
        });
        assertEquals(smsBefore + 1, sent.size());
        assertEquals("alice", sent.get(smsBefore).path("customer").asText());
        assertEquals("anonymous:anonymous", sent.get(smsBefore).path("origin").asText());
        Await.until("the popup is raised", WAIT, () -> http.call("browserNotifier", "popups", null).body().size() == popupsBefore + 1);
    }

    @Test
    public void aComponentKeepsItsDataUnderItsOwnPathInTheDataStore() {
        assertEquals(200, http.call("deviceManager", "update", null, new Reading("door-1", 0.25)).status());
        Answer last = Await.until("the reading is stored", WAIT, () -> {
            Answer answer = http.call("deviceManager", "lastReading", null, "door-1");
            return answer.status() == 200 && answer.body().isObject() ? answer : null;
        });
        assertEquals(0.25, last.body().path("value").asDouble(), 0.0);
    }

    @Test
    public void theBrowserNotifierPushesAlertsToDataSubscribersOfItsPath() throws Exception {
        java.util.concurrent.BlockingQueue<String> pushed = new java.util.concurrent.LinkedBlockingQueue<>();
        org.osgi.framework.ServiceReference<io.switchboard.subscription.SubscriptionService> reference =
                context.getServiceReference(io.switchboard.subscription.SubscriptionService.class);
        io.switchboard.subscription.SubscriptionService subscriptions = context.getService(reference);
        io.switchboard.subscription.Subscription subscription = subscriptions.on("/_data/browserNotifier/popups/alert/*",
                io.switchboard.subscription.SubscribeOptions.DEFAULTS, event -> pushed.add(event.path())).getValue();
        try {
            assertEquals(200, http.call("deviceManager", "update", null, new Reading("door-1", 0.9)).status());
            assertEquals("/_data/browserNotifier/popups/alert/door-1", pushed.poll(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            subscriptions.off(subscription.id());
            context.ungetService(reference);
        }
    }

    /** The reading as a field device sends it. */
    public record Reading(String deviceId, double value) {
    }

    @Test
    public void aNewVersionRunsBesideTheOldOneAndSwapsUnderLoadWithoutAFailedCallOrARestartedCaller() throws Exception {
        Bundle customer = bundle("io.switchboard.examples.customer-notifier");
        long customerModified = customer.getLastModified();
        Bundle old = deviceManager("1.0.0");

        Bundle next;
        try (InputStream jar = Files.newInputStream(Distribution.example("device-manager-1.1.0.jar"))) {
            next = context.installBundle("itest:device-manager-1.1.0", jar);
        }
        next.start();
        Await.until("1.1.0 runs", WAIT, () -> running(http.description().body()).contains("deviceManager@1.1.0"));
        assertTrue(running(http.description().body()).contains("deviceManager@1.0.0"));
        assertEquals("1.1.0", http.call("deviceManager", "version", null).body().asText());
        assertEquals("1.0.0", http.call("deviceManager", "version", "~1.0.0").body().asText());

        AtomicBoolean calling = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread load = new Thread(() -> {
            while (calling.get()) {
                Answer answer = http.call("deviceManager", "device", null, "thermostat-1");
                if (answer.status() != 200) {
                    failure.compareAndSet(null, answer.status() + " " + answer.body());
                }
                calls.incrementAndGet();
            }
        });
        load.start();
        try {
            awaitCalls(calls, 50);
            old.stop();
            awaitCalls(calls, 50);
            old.start();
            Await.until("1.0.0 back", WAIT, () -> running(http.description().body()).contains("deviceManager@1.0.0"));
            awaitCalls(calls, 50);
            next.uninstall();
            awaitCalls(calls, 50);
        } finally {
            calling.set(false);
            load.join();
        }
        assertNull("no call failed during the swaps (" + calls.get() + " calls)", failure.get());
        assertEquals("1.0.0", http.call("deviceManager", "version", null).body().asText());
        assertEquals("the caller was neither stopped nor refreshed", Bundle.ACTIVE, customer.getState());
        assertEquals(customerModified, customer.getLastModified());
    }

    private static void awaitCalls(AtomicInteger calls, int more) {
        int target = calls.get() + more;
        Await.until(more + " more calls", WAIT, () -> calls.get() >= target);
    }

    private Bundle deviceManager(String version) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().equals(DEVICE_MANAGER) && bundle.getVersion().toString().equals(version)) {
                return bundle;
            }
        }
        throw new AssertionError("no " + DEVICE_MANAGER + " " + version);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().equals(symbolicName)) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static JsonNode find(JsonNode description, String name, String version) {
        for (JsonNode component : description.path("components")) {
            if (component.path("name").asText().equals(name) && component.path("version").asText().equals(version)) {
                return component;
            }
        }
        throw new AssertionError("no " + name + "@" + version + " in " + description);
    }
}
