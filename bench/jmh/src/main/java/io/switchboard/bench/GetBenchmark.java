package io.switchboard.bench;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;

/**
 * Reads over 100,000 stored documents (1,000 folders of 100): one document by exact path, and one
 * folder ({@code /docs/f123/*}, 100 documents) by pattern.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = { "-Xms2g", "-Xmx2g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GetBenchmark {

    static final int DOCUMENTS = 100_000;
    private static final int FOLDERS = 1_000;

    @Param({ "MEMORY", "MVSTORE_COMMIT" })
    public Store store;

    private Stack stack;
    private String[] paths;
    private String[] folders;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stack = new Stack(store);
        paths = new String[DOCUMENTS];
        for (int i = 0; i < DOCUMENTS; i++) {
            paths[i] = "/docs/f" + i % FOLDERS + "/d" + i;
            stack.data.set(paths[i], Stack.document(i), WriteOptions.DEFAULTS.withNoPublish(true)
                    .withConsistency(io.switchboard.data.Consistency.QUEUED)).getValue();
        }
        folders = new String[FOLDERS];
        for (int i = 0; i < FOLDERS; i++) {
            folders[i] = "/docs/f" + i + "/*";
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stack.close();
    }

    @Benchmark
    public Optional<Item> getExact() throws Exception {
        return stack.data.get(paths[next++ % DOCUMENTS]).getValue();
    }

    @Benchmark
    public List<Item> findByPattern() throws Exception {
        return stack.data.find(folders[next++ % FOLDERS], Query.ALL).getValue();
    }
}
