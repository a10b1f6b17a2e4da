package io.switchboard.itests.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The runtimes the shared support starts are ended, and their homes, logs and the tests' scratch
 * folders deleted, once they are closed: a run leaves nothing behind in the temporary folder.
 */
class CleanUpTest {

    @Test
    void aRunningRuntimeIsStoppedAndItsHomeLogAndScratchFoldersAreDeletedAfterItsClass() throws IOException {
        RunningRuntime runtime = RunningRuntime.withFeatures("core");
        Path scratch;
        try {
            runtime.beforeAll(null); // as JUnit calls it; the context is not used
            scratch = runtime.scratch("jars");
            Files.writeString(scratch.resolve("made-by-the-test.txt"), "x");
            assertTrue(Files.isDirectory(runtime.process().home().resolve("data")), "the runtime wrote into its home");
        } finally {
            runtime.afterAll(null);
        }
        Path home = runtime.process().home();
        assertFalse(runtime.process().alive(), "stopped");
        assertFalse(Files.exists(home), "the home is gone: " + home);
        assertFalse(Files.exists(scratch), "the scratch folder is gone: " + scratch);
        assertFalse(Files.exists(home.getParent()), "and so is the folder with the log: " + home.getParent());
    }

    @Test
    void aClusterKillsItsRunningNodesAndDeletesItsWorkFolderWhenClosed() {
        ClusterNodes cluster = new ClusterNodes("switchboard-cluster-cleanup", 1);
        RuntimeProcess node;
        try {
            node = cluster.launch("node-1", List.of(), Map.of());
            cluster.awaitReady("node-1");
        } finally {
            cluster.close(); // without stopAll: what still runs is killed first
        }
        assertFalse(node.alive(), "killed");
        assertFalse(Files.exists(cluster.work()), "the nodes' homes and logs are gone: " + cluster.work());
    }
}
