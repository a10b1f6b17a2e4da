package io.switchboard.itests.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.mesh.MeshHttp;
import io.switchboard.itests.mesh.MeshHttp.Answer;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;

/**
 * What the README promises a component developer, done as one would: a project generated from
 * io.switchboard:switchboard-component-archetype, built with its own unit tests (offline, from the
 * kit's repository), its bundle dropped into a running runtime's deploy/, and called over HTTP.
 */
class ArchetypeRoundTripTest {

    private static final Duration MAVEN = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void aGeneratedComponentBuildsOfflineThenRunsInTheRuntimeAndAnswersOverHttp() throws Exception {
        OfflineMaven maven = OfflineMaven.ofThisBuild(work);
        maven.run(work, MAVEN, "org.apache.maven.plugins:maven-archetype-plugin:" + System.getProperty("kit.archetypePluginVersion")
                + ":generate", "-DarchetypeGroupId=io.switchboard", "-DarchetypeArtifactId=switchboard-component-archetype",
                "-DarchetypeVersion=" + System.getProperty("kit.version"), "-DarchetypeCatalog=local",
                "-DgroupId=com.example", "-DartifactId=device-report", "-Dversion=1.0.0", "-Dpackage=com.example.reports");
        Path project = work.resolve("device-report");
        for (String file : new String[] {"README.md", "src/main/java/com/example/reports/DeviceReport.java",
                "src/main/java/com/example/reports/DeviceReportApi.java", "src/test/java/com/example/reports/DeviceReportTest.java"}) {
            assertTrue(Files.isRegularFile(project.resolve(file)), file + " generated");
        }

        String build = maven.run(project, MAVEN, "package");
        assertTrue(build.contains("Tests run: 4, Failures: 0, Errors: 0"), "its unit tests ran on the test kit:\n" + build);
        Path bundle = project.resolve("target/device-report-1.0.0.jar");

        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.startWithExamples(work.resolve("home"), port,
                RuntimeProcess.testEnv("core,edge,security")).awaitReady()) {
            MeshHttp http = MeshHttp.loggedIn(port, "admin", "itest-secret");
            drop(bundle, runtime.deploy().resolve("device-report-1.0.0.jar"));
            Await.until("deviceReport@1.0.0 runs", WAIT, () -> running(http, "deviceReport", "1.0.0"));

            Answer report = http.call("deviceReport", "report", null, "thermostat-1");
            assertEquals(200, report.status(), report.body().toString());
            assertEquals("hall", report.body().path("location").asText());
            assertTrue(report.body().path("lastValue").isNull(), report.body().toString());

            assertEquals(200, http.call("deviceManager", "update", null, Map.of("deviceId", "thermostat-1", "value", 35.5)).status());
            assertEquals(35.5, http.call("deviceReport", "report", null, "thermostat-1").body().path("lastValue").asDouble());

            Answer invalid = http.call("deviceReport", "report", null, "../etc");
            assertEquals(500, invalid.status(), "a component's own code is a failure of the component: 500");
            assertEquals("reports.invalid-device-id", invalid.code());
            Answer unknown = http.call("deviceReport", "report", null, "door-9");
            assertEquals("devices.unknown-device", unknown.code(), "deviceManager's code reaches deviceReport's caller");
        }
    }

    private static boolean running(MeshHttp http, String name, String version) {
        for (JsonNode component : http.description().body().path("components")) {
            if (component.path("name").asText().equals(name) && component.path("version").asText().equals(version)) {
                return component.path("state").asText().equals("running");
            }
        }
        return false;
    }

    /** Copied under another name, then renamed, so that the runtime never sees half a jar. */
    private static void drop(Path jar, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
