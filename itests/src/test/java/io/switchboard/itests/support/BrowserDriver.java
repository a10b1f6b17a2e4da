package io.switchboard.itests.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A script under itests/browser (playwright-core driving Debian's Chromium) run by Node, spoken to
 * by lines: a command on its stdin, an answer line on its stdout. {@link #install()} runs
 * itests/browser/install.sh, which installs Chromium and playwright-core when they are missing.
 */
public final class BrowserDriver implements AutoCloseable {

    public static final Path BROWSER = Path.of("browser").toAbsolutePath();

    /** How many lines passed over {@link #expect} keeps for its failure's message. */
    private static final int PASSED_LINES_KEPT = 20;

    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    /** Starts {@code node <script> <arguments…>} in itests/browser. */
    public BrowserDriver(String script, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(arguments));
        process = new ProcessBuilder(command).directory(BROWSER.toFile()).redirectErrorStream(true).start();
        commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("ERROR driver output: " + e);
            }
        }, "browser-driver-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Installs Chromium and playwright-core when they are missing (itests/browser/install.sh). */
    public static void install() throws IOException, InterruptedException {
        Process install = new ProcessBuilder("bash", "install.sh").directory(BROWSER.toFile()).redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (install.waitFor() != 0) {
            throw new AssertionError("itests/browser/install.sh failed:\n" + output);
        }
    }

    /**
     * The next line that starts with the prefix; a line starting ERROR fails with its message. The
     * lines passed over on the way (a script's STEP lines, Node's own messages) are in the failure's
     * message when none comes in time: they say where the script stopped.
     */
    public String expect(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Deque<String> passed = new ArrayDeque<>();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("the browser driver said no '" + prefix + "' within " + timeout.toSeconds() + " s; its last lines before:\n"
                        + String.join("\n", passed));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            passed.addLast(line);
            if (passed.size() > PASSED_LINES_KEPT) {
                passed.removeFirst();
            }
            if (line.startsWith("ERROR")) {
                throw new AssertionError("the browser driver failed: " + line);
            }
        }
    }

    /** Sends a command and returns its answer line, without the prefix. */
    public String ask(String command, String answerPrefix) throws InterruptedException {
        commands.println(command);
        return expect(answerPrefix, Duration.ofSeconds(60)).substring(answerPrefix.length()).trim();
    }

    @Override
    public void close() throws InterruptedException {
        commands.println("quit");
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
