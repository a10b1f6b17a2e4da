package io.switchboard.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One distribution process for a whole test class (JUnit 5, with {@code @RegisterExtension static}):
 * started before the first test with the given features and etc/ files, and stopped after the last,
 * which must end with exit code 0 and no stack trace in its log. Its home, its log and the test's
 * {@link #scratch} folders are in one {@link TempFolder}, deleted after the process has ended.
 */
public final class RunningRuntime implements BeforeAllCallback, AfterAllCallback {

    private final String features;
    private final Map<String, String> etc = new LinkedHashMap<>();
    private boolean examples;
    private TempFolder work;
    private RuntimeProcess process;
    private int port;

    private RunningRuntime(String features) {
        this.features = features;
    }

    public static RunningRuntime withFeatures(String features) {
        return new RunningRuntime(features);
    }

    /** A file for the home's etc/, for example a ConfigAdmin configuration. */
    public RunningRuntime withEtc(String fileName, String content) {
        etc.put(fileName, content);
        return this;
    }

    /** The example components in deploy/, as a fresh distribution has them; the runtime counts as ready once they run. */
    public RunningRuntime withExamples() {
        examples = true;
        return this;
    }

    public int port() {
        return port;
    }

    public RuntimeProcess process() {
        return process;
    }

    /**
     * A new folder beside the runtime's home (not in it), for what a test makes and drops into
     * deploy/ later; deleted with the home.
     */
    public Path scratch(String prefix) throws IOException {
        return Files.createTempDirectory(work.path(), prefix);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        work = TempFolder.create("switchboard-itest");
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        for (Map.Entry<String, String> file : etc.entrySet()) {
            Files.writeString(home.resolve("etc").resolve(file.getKey()), file.getValue());
        }
        port = FreePort.pick();
        process = (examples ? RuntimeProcess.startWithExamples(home, port, RuntimeProcess.testEnv(features))
                : RuntimeProcess.start(home, port, RuntimeProcess.testEnv(features))).awaitReady();
    }

    /** Also after a failed start: whatever runs is stopped, and the folder goes. */
    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (process != null) {
                stopCleanly();
            }
        } finally {
            if (process != null) {
                process.close();
            }
            if (work != null) {
                work.close();
            }
        }
    }

    private void stopCleanly() {
        int code = process.stop();
        String log = process.log();
        if (code != 0) {
            throw new AssertionError("the runtime exited with " + code + ":\n" + log);
        }
        if (RuntimeProcess.STACK_FRAME.matcher(log).find()) {
            throw new AssertionError("a stack trace in the runtime's log:\n" + log);
        }
    }
}
