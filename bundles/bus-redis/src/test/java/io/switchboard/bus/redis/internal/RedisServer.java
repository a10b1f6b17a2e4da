package io.switchboard.bus.redis.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** A private redis-server for one test class, started and stopped by itests/scripts/redis.sh (which installs it when missing). */
final class RedisServer implements AutoCloseable {

    private static final int CANNOT_INSTALL = 3;

    final String dir;
    final String url;

    private RedisServer(String dir, String url) {
        this.dir = dir;
        this.url = url;
    }

    static RedisServer start() {
        Result started = script("start");
        if (started.code() == CANNOT_INSTALL && !"true".equals(System.getenv("CI"))) {
            System.err.println("\n*** SKIPPED: the Redis driver's tests need redis-server, which this machine cannot install ***\n");
            Assumptions.abort("redis-server cannot be installed here");
        }
        if (started.code() != 0) {
            throw new IllegalStateException("redis.sh start failed: " + started.output());
        }
        Map<String, String> values = new HashMap<>();
        for (String line : started.output().split("\n")) {
            int at = line.indexOf('=');
            if (at > 0) {
                values.put(line.substring(0, at), line.substring(at + 1).trim());
            }
        }
        return new RedisServer(values.get("REDIS_DIR"), values.get("REDIS_URL"));
    }

    void stop() {
        script("stop", dir);
    }

    void resume() {
        script("resume", dir);
    }

    @Override
    public void close() {
        script("destroy", dir);
    }

    private record Result(int code, String output) {
    }

    private static Result script(String... args) {
        String path = System.getProperty("redis.script");
        String[] command = new String[args.length + 1];
        command[0] = path;
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis.sh " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("redis.sh could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
