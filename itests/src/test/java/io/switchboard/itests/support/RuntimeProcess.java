package io.switchboard.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The real distribution started as a separate process ({@code bin/switchboard}) on 127.0.0.1, with
 * its own home folder, its output in a log file, and stopped the way an operator stops it: SIGTERM.
 */
public final class RuntimeProcess implements AutoCloseable {

    /** A line of a Java stack trace, which a clean run never prints. */
    public static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$/]+\\(.*\\)$");

    private final Path home;
    private final int port;
    private final Path log;
    private final Process process;
    private volatile boolean examples;

    private RuntimeProcess(Path home, int port, Path log, Process process) {
        this.home = home;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** The components a fresh distribution has in deploy/, as their start is logged. */
    private static final List<String> EXAMPLES = List.of("deviceManager@1.0.0", "customerNotifier@1.0.0", "browserNotifier@1.0.0");

    /**
     * Starts the runtime with the example components in its home's deploy/, as a fresh distribution
     * has them; {@link #awaitReady()} then also waits until all three run.
     */
    public static RuntimeProcess startWithExamples(Path home, int port, Map<String, String> env, String... args) {
        try {
            Files.createDirectories(home.resolve("deploy"));
            for (Path jar : Distribution.deployedJars()) {
                Path target = home.resolve("deploy").resolve(jar.getFileName());
                if (!Files.exists(target)) { // a warm start of the same home keeps what is there
                    Files.copy(jar, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RuntimeProcess process = start(home, port, env, args);
        process.examples = true;
        return process;
    }

    /** The environment of a test runtime: a known admin password and the features given. */
    public static Map<String, String> testEnv(String features) {
        return Map.of("SWITCHBOARD_ADMIN_PASSWORD", "itest-secret", "SWITCHBOARD_FEATURES", features);
    }

    /**
     * Starts the runtime; the environment adds to (and may override) the settings the tests always use.
     * Its log goes beside the home, into the home's parent: a test gives the home a folder of its own
     * ({@link TempFolder}) and deletes that, log and all, once the process has ended.
     */
    public static RuntimeProcess start(Path home, int port, Map<String, String> env, String... args) {
        Map<String, String> environment = new HashMap<>(env);
        environment.putIfAbsent("SWITCHBOARD_HOME", home.toString());
        return launch(Distribution.root(), home, port, environment, args);
    }

    /**
     * Starts a copy of the distribution the way it ships: no {@code SWITCHBOARD_HOME}, so the
     * distribution folder is the home, with the deploy/ the build filled. See {@link Distribution#copyTo}.
     */
    public static RuntimeProcess startInPlace(Path distribution, int port, Map<String, String> env, String... args) {
        return launch(distribution, distribution, port, new HashMap<>(env), args);
    }

    private static RuntimeProcess launch(Path distribution, Path home, int port, Map<String, String> environment, String... args) {
        try {
            Files.createDirectories(home);
            Path log = Files.createTempFile(home.getParent(), "switchboard-", ".log");
            List<String> command = new ArrayList<>();
            command.add(distribution.resolve("bin/switchboard").toString());
            command.add("--host");
            command.add("127.0.0.1");
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            environment.putIfAbsent("SWITCHBOARD_HTTP_PORT", Integer.toString(port));
            // The JVM's temporary files where the tests' own go (the module's target/tmp under Maven),
            // unless the test chose JVM options itself (DistributionTest looks into a folder of its own).
            String tmpdir = System.getProperty("java.io.tmpdir");
            if (!environment.containsKey("JAVA_OPTS") && !tmpdir.matches(".*\\s.*")) { // bin/switchboard splits JAVA_OPTS at spaces
                environment.put("JAVA_OPTS", (System.getenv().getOrDefault("JAVA_OPTS", "") + " -Djava.io.tmpdir=" + tmpdir).strip());
            }
            // Only what the test chose: nothing from the shell that runs the build.
            builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
            builder.environment().putAll(environment);
            return new RuntimeProcess(home, port, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Http http() {
        return new Http(port);
    }

    public Path home() {
        return home;
    }

    public Path deploy() {
        return home.resolve("deploy");
    }

    /**
     * Waits until {@code /health} answers 200 and the launcher has printed its banner (and, when
     * started with them, the examples from deploy/ run), failing early if the process dies. A
     * runtime that does not get ready in time is killed.
     */
    public RuntimeProcess awaitReady() {
        return awaitReady(Duration.ofSeconds(60));
    }

    /** {@link #awaitReady()} with a deadline of its own, for several runtimes starting at once on few cores. */
    public RuntimeProcess awaitReady(Duration timeout) {
        Http http = http();
        try {
            Await.until("/health = 200 on port " + port, timeout, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the runtime exited with " + process.exitValue());
                }
                String log = log();
                return http.get("/health").statusCode() == 200 && log.contains(" ready in ")
                        && (!examples || EXAMPLES.stream().allMatch(example -> log.contains(example + " started from")));
            });
        } catch (AssertionError e) {
            // killed, not left running: a try-with-resources around start(..).awaitReady() never got it to close
            close();
            throw new AssertionError(e.getMessage() + "\nlog:\n" + log(), e);
        }
        return this;
    }

    /** Waits for the process to end by itself (for starts that must fail) and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the runtime did not exit within " + timeout.toSeconds() + " s:\n" + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The operating system's id of the runtime's JVM (bin/switchboard execs it), for signals such as SIGSTOP. */
    public long pid() {
        return process.pid();
    }

    /** The exit code once the process has ended; empty while it runs. */
    public java.util.OptionalInt exitCode() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Sends SIGTERM and returns the exit code. */
    public int stop() {
        process.destroy();
        return awaitExit(Duration.ofSeconds(60));
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGKILL, if it still runs, and waits until the process has ended: its home may be deleted
     * next, which must not happen under a JVM that still writes into it.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
