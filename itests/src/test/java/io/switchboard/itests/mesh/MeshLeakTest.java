package io.switchboard.itests.mesh;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Distribution;
import io.switchboard.itests.support.FeatureOptions;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.TempFolder;

/**
 * Fifty install, update and uninstall cycles of a component that is called between the steps: once
 * the bundles are refreshed away, their class loaders are collected, so nothing in the mesh keeps
 * an old component alive.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MeshLeakTest {

    private static final String COMPONENT = "io.switchboard.examples.devicemanager.DeviceManagerComponent";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        Path home = TempFolder.untilExit("switchboard-mesh-leak");
        return options(
                composite(FeatureOptions.of(home, "core")),
                frameworkProperty("org.osgi.service.http.port").value(Integer.toString(FreePort.pick())),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                junitBundles());
    }

    @Test
    public void fiftyCyclesLeaveNoComponentClassLoaderBehind() throws Exception {
        MeshHttp http = new MeshHttp(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        List<WeakReference<Class<?>>> loaded = new ArrayList<>();
        for (int cycle = 0; cycle < 50; cycle++) {
            Bundle bundle;
            try (InputStream jar = Files.newInputStream(Distribution.example("device-manager-1.0.0.jar"))) {
                bundle = context.installBundle("itest:leak-" + cycle, jar);
            }
            bundle.start();
            loaded.add(new WeakReference<>(bundle.loadClass(COMPONENT)));
            Await.until("1.0.0 answers", WAIT, () -> "1.0.0".equals(http.call("deviceManager", "version", null).body().asText()));
            assertEquals(200, http.call("deviceManager", "device", null, "thermostat-1").status());

            try (InputStream jar = Files.newInputStream(Distribution.example("device-manager-1.1.0.jar"))) {
                bundle.update(jar);
            }
            refresh(bundle);
            loaded.add(new WeakReference<>(bundle.loadClass(COMPONENT)));
            Await.until("1.1.0 answers", WAIT, () -> "1.1.0".equals(http.call("deviceManager", "version", null).body().asText()));
            assertEquals(200, http.call("deviceManager", "device", null, "camera-1").status());

            bundle.uninstall();
            refresh(bundle);
            Await.until("deviceManager is gone", WAIT, () -> http.call("deviceManager", "version", null).status() == 404);
        }
        Await.until("every old class loader is collected", WAIT, () -> {
            System.gc();
            return loaded.stream().allMatch(reference -> reference.get() == null);
        });
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        if (!refreshed.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the refresh did not finish");
        }
    }
}
