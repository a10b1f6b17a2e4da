package io.switchboard.data.postgres.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A private PostgreSQL server for tests, made and driven by {@code itests/scripts/postgres.sh}
 * (which installs Debian's {@code postgresql} when it is missing): its own folder, 127.0.0.1 and a
 * free port, a {@code switchboard} database and user with a password.
 *
 * <p>When PostgreSQL is missing and the machine cannot install it (no apt-get, or not root), the
 * calling test is aborted (skipped) with a banner on standard error, unless
 * {@code -Dswitchboard.postgres.required=true} or the {@code CI} environment variable says it must
 * run, in which case it fails.
 *
 * <p>The itests have the same helper (io.switchboard.itests.support.PostgresServer): they cannot
 * use this module's test-jar, since {@code mvn verify -pl itests} takes sibling modules from the
 * local repository, where a new module is not.
 */
public final class PostgresServer implements AutoCloseable {

    private static final int CANNOT_INSTALL = 3;
    private static PostgresServer shared;

    private final Path dir;
    private final int port;
    private final String user;
    private final String password;
    private final String url;

    private PostgresServer(Map<String, String> started) {
        this.dir = Path.of(started.get("PG_DIR"));
        this.port = Integer.parseInt(started.get("PG_PORT"));
        this.user = started.get("PG_USER");
        this.password = started.get("PG_PASSWORD");
        this.url = started.get("PG_URL");
    }

    /** One server for every test of this JVM, started on first use and deleted when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-server-cleanup"));
        }
        return shared;
    }

    /**
     * A server of the caller's own (to stop and resume it); {@link #close()} deletes it. It runs
     * without fsync and synchronous commit ({@code --fast}): these tests check what the provider
     * does, not the disk, and a stopped server has still written everything. The itests run a
     * server as durable as shipped.
     */
    public static PostgresServer start() {
        Result result = script("start", "--fast");
        if (result.exit() == CANNOT_INSTALL) {
            String why = "PostgreSQL is not installed and this machine cannot install it: " + result.output().trim();
            if (required()) {
                throw new AssertionError(why + " (the PostgreSQL tests are required here: -Dswitchboard.postgres.required or CI is set)");
            }
            System.err.println("\n*************************************************************************");
            System.err.println("*** SKIPPED: the PostgreSQL tests did not run. " + why);
            System.err.println("*************************************************************************\n");
            throw new TestAbortedException(why);
        }
        if (result.exit() != 0) {
            throw new AssertionError("itests/scripts/postgres.sh start failed (exit " + result.exit() + "):\n" + result.output());
        }
        Map<String, String> values = new HashMap<>();
        for (String line : result.output().split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("PG_") && eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        if (!values.keySet().containsAll(List.of("PG_DIR", "PG_PORT", "PG_USER", "PG_PASSWORD", "PG_URL"))) {
            throw new AssertionError("itests/scripts/postgres.sh start printed no server:\n" + result.output());
        }
        return new PostgresServer(values);
    }

    /** The JDBC URL with the user, as SWITCHBOARD_STORE_URL takes it; the password is {@link #password()}. */
    public String url() {
        return url + "?user=" + user;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** Stops the server as one goes away: fast shutdown, open connections cut. The data stays. */
    public void stop() {
        check(script("stop", dir.toString()), "stop");
    }

    /** Starts the stopped server again on the same port, with the same data. */
    public void resume() {
        check(script("resume", dir.toString()), "resume");
    }

    /** A new connection as the Switchboard user, for checking what is stored. */
    public Connection connect() throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url());
        source.setPassword(password);
        return source.getConnection();
    }

    /** Drops every table, sequence and function of the database, so that the next store starts empty. */
    public void emptyDatabase() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
            statement.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the test database: " + e.getMessage(), e);
        }
    }

    /** Stops the server and deletes its folder. */
    @Override
    public void close() {
        script("destroy", dir.toString());
    }

    private static boolean required() {
        return Boolean.getBoolean("switchboard.postgres.required") || System.getenv("CI") != null;
    }

    private static void check(Result result, String what) {
        if (result.exit() != 0) {
            throw new AssertionError("itests/scripts/postgres.sh " + what + " failed (exit " + result.exit() + "):\n" + result.output());
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
            byte[] output = process.getInputStream().readAllBytes(); // the script bounds its own waits (pg_ctl -t 60, apt-get)
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("itests/scripts/postgres.sh " + args[0] + " did not finish");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The script: {@code -Dswitchboard.postgres.script}, else found above the working directory. */
    private static Path script() {
        String configured = System.getProperty("switchboard.postgres.script");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("itests/scripts/postgres.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("itests/scripts/postgres.sh not found above " + Path.of("").toAbsolutePath());
    }

    @Override
    public String toString() {
        return "PostgreSQL on 127.0.0.1:" + port + " (" + dir + ")";
    }
}
