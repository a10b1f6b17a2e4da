package io.switchboard.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The swap benchmark's split of calls into steady state and swap windows, which its figures rest on. */
class SwapReportTest {

    private static final long START_MS = 1_800_000_000_000L;
    private static final long START_NANOS = 5_000_000_000L;

    private static long at(long ms) {
        return START_NANOS + ms * 1_000_000L;
    }

    @Test
    void callsDueInAWindowCountAsSwapAndTheWarmUpCountsNowhere(@TempDir Path dir) throws Exception {
        Path windows = dir.resolve("windows");
        Files.writeString(windows, (START_MS + 5_000) + " " + (START_MS + 6_000) + " 1.0.0->1.1.0\n# a comment\n");
        SwapReport report = new SwapReport(START_MS, START_NANOS, 3_000_000_000L, SwapReport.readWindows(windows), 10);
        report.add(at(1_000), 9_000_000, false);   // warm-up: ignored
        report.add(at(4_000), 100_000, false);     // steady
        report.add(at(4_500), 300_000, true);      // steady, failed
        report.add(at(5_000), 2_000_000, false);   // swap (window start)
        report.add(at(5_500), -1, true);           // swap, never answered
        report.add(at(6_500), 200_000, false);     // steady again

        String printed = print(report);
        assertTrue(printed.contains("steady calls 3\nsteady failed 1\n"), printed);
        assertTrue(printed.contains("steady p50_us 200.0\n"), printed);
        assertTrue(printed.contains("steady max_us 300.0\n"), printed);
        assertTrue(printed.contains("swap calls 2\nswap failed 1\n"), printed);
        assertTrue(printed.contains("swap max_us 2000.0\n"), printed);
    }

    @Test
    void noWindowsFileMeansEveryCallIsSteady(@TempDir Path dir) throws Exception {
        List<long[]> windows = SwapReport.readWindows(dir.resolve("absent"));
        assertEquals(0, windows.size());
        SwapReport report = new SwapReport(START_MS, START_NANOS, 0, windows, 4);
        report.add(at(0), 50_000, false);
        String printed = print(report);
        assertTrue(printed.contains("steady calls 1\n") && printed.contains("swap calls 0\nswap failed 0\n"), printed);
    }

    @Test
    void answersAreMatchedByTheIdTheyEcho() {
        assertEquals(42, MeshCalls.id("{\"id\":42,\"ok\":true,\"result\":\"1.0.0\"}"));
        assertEquals(-1, MeshCalls.id("{\"id\":null,\"ok\":false,\"error\":{}}"));
        assertEquals(-1, MeshCalls.id("{\"publication\":\"s-1\"}"));
        assertTrue(MeshCalls.ok("{\"id\":1,\"ok\":true,\"result\":\"1.0.0\"}"));
    }

    private static String print(SwapReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
