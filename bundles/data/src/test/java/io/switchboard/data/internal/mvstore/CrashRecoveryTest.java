package io.switchboard.data.internal.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import io.switchboard.data.spi.StoredItem;

/**
 * Kills a writing process with SIGKILL at a random moment, several times over one store, and checks
 * after each kill that the store opens without repair and holds every write that was acknowledged.
 */
class CrashRecoveryTest {

    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    /** FSYNC is the default; COMMIT promises the same against a killed process (not against power loss). */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = { "FSYNC", "COMMIT" })
    void everyAcknowledgedWriteSurvivesKillNine(Durability durability) throws Exception {
        killAndCheck(durability, 1);
    }

    /** Writers that keep 64 writes in flight each, as a session pipelining sets: acknowledged by group commits. */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = { "FSYNC", "COMMIT" })
    void everyAcknowledgedPipelinedWriteSurvivesKillNine(Durability durability) throws Exception {
        killAndCheck(durability, 64);
    }

    private void killAndCheck(Durability durability, int inFlight) throws Exception {
        File file = dir.resolve("crash-" + durability + "-" + inFlight + ".mv.db").toFile();
        Random random = new Random();
        long total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long first = round * 10_000_000L;
            List<Long> acked = runAndKill(file, first, random.nextInt(1000), durability, inFlight);
            assertTrue(acked.size() > 0, "round " + round + ": the writer acknowledged nothing before it was killed");
            MVStoreProvider reopened = new MVStoreProvider(file, durability, 1000, 0);
            try {
                for (long n : acked) {
                    StoredItem item = reopened.get(CrashWriter.CrashCheck.path(n));
                    assertNotNull(item, "round " + round + ": acknowledged write " + n + " is missing");
                    assertEquals(CrashWriter.CrashCheck.document(n).toString(), item.data().toString(), "round " + round + ": write " + n + " is damaged");
                }
            } finally {
                reopened.close();
            }
            total += acked.size();
        }
        System.out.println("crash test (" + durability + ", " + inFlight + " in flight per writer): " + ROUNDS + " kills, " + total + " acknowledged writes checked");
    }

    /** Starts the writer, lets it run for {@code millis} after its first acknowledged write, kills it, returns what it acknowledged. */
    private static List<Long> runAndKill(File file, long first, long millis, Durability durability, int inFlight) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), file.getPath(), Long.toString(first), "4", durability.name(), Integer.toString(inFlight))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Long> acked = new ArrayList<>();
        CountDownLatch writing = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        synchronized (acked) {
                            acked.add(Long.parseLong(line.substring(4)));
                        }
                        writing.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // the pipe breaks when the process dies; what was read is what counts
            }
        });
        reader.start();
        try {
            assertTrue(writing.await(60, TimeUnit.SECONDS), "the writer process acknowledged no write");
            Thread.sleep(millis); // the random moment of the kill: this wait is the test's input, not a wait for a result
        } finally {
            process.destroyForcibly(); // SIGKILL on Unix
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            reader.join(30_000);
        }
        synchronized (acked) {
            return new ArrayList<>(acked);
        }
    }
}
