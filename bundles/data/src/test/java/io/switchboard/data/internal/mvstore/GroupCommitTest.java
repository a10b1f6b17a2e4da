package io.switchboard.data.internal.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.data.PublishResults;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.WriteResult;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.spi.EventPublisher.Publishing;

/**
 * One writer that does not wait for each acknowledgement (a session pipelining sets) gets its
 * writes committed and fsynced in groups, at the default durability and consistency.
 */
class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void pipelinedDurableSetsFromOneThreadShareCommits() throws Exception {
        File file = dir.resolve("group.mv.db").toFile();
        MVStoreProvider store = new MVStoreProvider(file, Durability.FSYNC, 1000, 0);
        DataServiceImpl data = new DataServiceImpl(1 << 20,
                event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(store, Map.of());
        int writes = 1_000;
        List<Promise<WriteResult>> acknowledgements = new ArrayList<>();
        long commitsBefore;
        try {
            commitsBefore = store.commitCount();
            for (int i = 0; i < writes; i++) {
                acknowledgements.add(data.set("/group/" + i, JsonNodeFactory.instance.objectNode().put("n", i), WriteOptions.DEFAULTS));
            }
            for (Promise<WriteResult> acknowledged : acknowledgements) {
                assertEquals(null, acknowledged.getFailure());
            }
            long commits = store.commitCount() - commitsBefore;
            // a write waiting on the writer's thread for its own commit would make one commit per write
            assertTrue(commits <= writes / 2, writes + " pipelined durable writes took " + commits + " commits");
        } finally {
            store.close();
        }
        MVStoreProvider reopened = new MVStoreProvider(file, Durability.FSYNC, 1000, 0);
        try {
            for (int i = 0; i < writes; i++) {
                assertNotNull(reopened.get("/group/" + i), "acknowledged write " + i + " is missing after a reopen");
            }
        } finally {
            reopened.close();
        }
    }

    @Test
    void pipelinedDurableRemovesFromOneThreadShareCommits() throws Exception {
        File file = dir.resolve("removes.mv.db").toFile();
        MVStoreProvider store = new MVStoreProvider(file, Durability.FSYNC, 1000, 0);
        DataServiceImpl data = new DataServiceImpl(1 << 20,
                event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(store, Map.of());
        int removes = 1_000;
        try {
            for (int i = 0; i < removes; i++) {
                assertEquals(null, data.set("/group/" + i, JsonNodeFactory.instance.objectNode().put("n", i), WriteOptions.DEFAULTS).getFailure());
            }
            long commitsBefore = store.commitCount();
            List<Promise<WriteResult>> acknowledgements = new ArrayList<>();
            for (int i = 0; i < removes; i++) {
                acknowledgements.add(data.remove("/group/" + i, WriteOptions.DEFAULTS));
            }
            for (Promise<WriteResult> acknowledged : acknowledgements) {
                assertEquals(1, acknowledged.getValue().removed());
            }
            long commits = store.commitCount() - commitsBefore;
            // a remove waiting on the writer's thread for its own commit would make one commit per remove
            assertTrue(commits <= removes / 2, removes + " pipelined durable removes took " + commits + " commits");
        } finally {
            store.close();
        }
        MVStoreProvider reopened = new MVStoreProvider(file, Durability.FSYNC, 1000, 0);
        try {
            for (int i = 0; i < removes; i++) {
                assertNull(reopened.get("/group/" + i), "acknowledged remove " + i + " is undone after a reopen");
            }
        } finally {
            reopened.close();
        }
    }
}
