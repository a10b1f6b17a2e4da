package io.switchboard.itests.kit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Maven as a component developer runs it, but offline and in a repository of the build's own: the
 * component kit comes from {@code kit.repository} (filled by the itests build, see its pom), and the
 * plugins and third-party artifacts from the build's local repository, read as a {@code file://}
 * mirror. Nothing is read from the network, and nothing is written into the build's local repository.
 */
final class OfflineMaven {

    private final Path mvn;
    private final Path repository;
    private final Path settings;
    /** Where each run's output goes: the test's own folder, deleted with it. */
    private final Path work;

    private OfflineMaven(Path mvn, Path repository, Path settings, Path work) {
        this.mvn = mvn;
        this.repository = repository;
        this.settings = settings;
        this.work = work;
    }

    /** The Maven running this build, with its settings and the output of its runs written into {@code work}. */
    static OfflineMaven ofThisBuild(Path work) throws IOException {
        Path mavenHome = Path.of(required("maven.home"));
        Path repository = Path.of(required("kit.repository"));
        Path buildRepository = Path.of(required("kit.mavenRepository"));
        if (!Files.isDirectory(repository.resolve("io/switchboard/switchboard-component-archetype"))) {
            throw new IllegalStateException("no component kit in " + repository + ": the itests build's maven-invoker-plugin "
                    + "puts it there before the integration tests (run them with mvn verify)");
        }
        Path settings = Files.writeString(work.resolve("settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror><id>build-repository</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(buildRepository.toUri()));
        return new OfflineMaven(mavenHome.resolve("bin/mvn"), repository, settings, work);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run this test through the itests build");
        }
        return value;
    }

    /**
     * Runs {@code mvn} in {@code directory} and returns its output.
     *
     * @throws AssertionError with the output when it fails or overruns
     */
    String run(Path directory, Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-o", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repository,
                // offline, except for file:// repositories: the mirror of the build's own repository
                "-Daether.offline.protocols=file"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(work, "mvn-", ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", arguments) + " did not end within " + timeout.toSeconds() + " s:\n"
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("mvn " + String.join(" ", arguments) + " failed with " + process.exitValue() + ":\n" + log);
        }
        return log;
    }
}
