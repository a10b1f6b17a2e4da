package io.switchboard.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

/**
 * A private Redis server for tests and benchmarks, made and driven by {@code itests/scripts/redis.sh}
 * (which installs Debian's {@code redis-server} when it is missing): its own folder, 127.0.0.1 and a
 * free port, no persistence.
 *
 * <p>When Redis is missing and the machine cannot install it, the calling test is aborted (skipped)
 * with a banner on standard error, unless {@code -Dswitchboard.redis.required=true} or the {@code CI}
 * environment variable says it must run. The Redis driver's unit tests have the same helper
 * (switchboard-bus-redis, RedisServer), for the reason {@link PostgresServer} gives.
 */
public final class RedisServer implements AutoCloseable {

    private static final int CANNOT_INSTALL = 3;

    private final Path dir;
    private final int port;
    private final String url;

    private RedisServer(Map<String, String> started) {
        this.dir = Path.of(started.get("REDIS_DIR"));
        this.port = Integer.parseInt(started.get("REDIS_PORT"));
        this.url = started.get("REDIS_URL");
    }

    /** A server of the caller's own; {@link #close()} deletes it. */
    public static RedisServer start() {
        Result result = script("start");
        if (result.exit() == CANNOT_INSTALL) {
            String why = "Redis is not installed and this machine cannot install it: " + result.output().trim();
            if (Boolean.getBoolean("switchboard.redis.required") || System.getenv("CI") != null) {
                throw new AssertionError(why + " (the Redis tests are required here: -Dswitchboard.redis.required or CI is set)");
            }
            System.err.println("\n*************************************************************************");
            System.err.println("*** SKIPPED: the Redis tests did not run. " + why);
            System.err.println("*************************************************************************\n");
            throw new TestAbortedException(why);
        }
        if (result.exit() != 0) {
            throw new AssertionError("itests/scripts/redis.sh start failed (exit " + result.exit() + "):\n" + result.output());
        }
        Map<String, String> values = new HashMap<>();
        for (String line : result.output().split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("REDIS_") && eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        if (!values.keySet().containsAll(List.of("REDIS_DIR", "REDIS_PORT", "REDIS_URL"))) {
            throw new AssertionError("itests/scripts/redis.sh start printed no server:\n" + result.output());
        }
        return new RedisServer(values);
    }

    /** {@code redis://127.0.0.1:<port>}, as {@code etc/io.switchboard.bus.redis.cfg} takes it. */
    public String url() {
        return url;
    }

    public int port() {
        return port;
    }

    /** Stops the server as one goes away: its connections cut, its data gone (no persistence). */
    public void stop() {
        check(script("stop", dir.toString()), "stop");
    }

    /** Starts the stopped server again on the same port. */
    public void resume() {
        check(script("resume", dir.toString()), "resume");
    }

    @Override
    public void close() {
        script("destroy", dir.toString());
    }

    private static void check(Result result, String what) {
        if (result.exit() != 0) {
            throw new AssertionError("itests/scripts/redis.sh " + what + " failed (exit " + result.exit() + "):\n" + result.output());
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result script(String... args) {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(script().toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes(); // the script bounds its own waits
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("itests/scripts/redis.sh " + args[0] + " did not finish");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The script: {@code -Dswitchboard.redis.script}, else found above the working directory. */
    private static Path script() {
        String configured = System.getProperty("switchboard.redis.script");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("itests/scripts/redis.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("itests/scripts/redis.sh not found above " + Path.of("").toAbsolutePath());
    }

    @Override
    public String toString() {
        return "Redis on 127.0.0.1:" + port + " (" + dir + ")";
    }
}
