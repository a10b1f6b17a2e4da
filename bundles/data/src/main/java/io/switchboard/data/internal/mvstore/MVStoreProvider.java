package io.switchboard.data.internal.mvstore;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.switchboard.data.internal.DocumentChange;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.DurableRemoval;
import io.switchboard.data.spi.Removal;
import io.switchboard.data.spi.Selection;
import io.switchboard.data.spi.StoredChange;
import io.switchboard.data.spi.StoredItem;

/**
 * Documents on disk in an H2 MVStore file: the runtime's default provider ({@code /**}, ranking 0,
 * above the in-memory provider). The file is {@code ${switchboard.home}/data/switchboard.mv.db}
 * unless configured (PID {@code io.switchboard.data.mvstore}).
 *
 * <p>MVStore is log-structured: a commit appends a chunk and never overwrites live data, so a
 * process killed mid-write leaves the last complete commit readable and the store opens without
 * repair. Its background thread commits non-durable writes and compacts chunks that are mostly
 * garbage; closing the store also compacts the file.
 */
@Component(service = DataProvider.class, configurationPid = MVStoreProvider.PID,
        property = { DataProvider.NAME + "=mvstore", "service.ranking:Integer=0" })
@Designate(ocd = MVStoreProvider.Config.class)
public final class MVStoreProvider implements DataProvider {

    public static final String PID = "io.switchboard.data.mvstore";
    private static final int LOCK_STRIPES = 256;

    @ObjectClassDefinition(name = "Switchboard persistent data provider (H2 MVStore)")
    public @interface Config {
        @AttributeDefinition(description = "Path patterns stored here")
        String[] switchboard_data_patterns() default "/**";

        @AttributeDefinition(description = "Store file; empty for ${switchboard.home}/data/switchboard.mv.db")
        String file() default "";

        @AttributeDefinition(description = "Guarantee for writes acknowledged at TRANSACTIONAL or ACKNOWLEDGED")
        Durability durability() default Durability.FSYNC;

        @AttributeDefinition(description = "Background commit (and compaction check) delay, in milliseconds")
        int commitDelayMillis() default 1000;

        @AttributeDefinition(description = "Time spent compacting the file when the store closes, in milliseconds")
        int compactOnCloseMillis() default 2000;
    }

    private final MVStore store;
    private final MVMap<String, byte[]> documents;
    private final Committer commits;
    private final Durability durability;
    private final int compactOnCloseMillis;
    private final Object[] locks = new Object[LOCK_STRIPES];

    @Activate
    public MVStoreProvider(BundleContext context, Config config) {
        this(resolveFile(context, config.file()), config.durability(), config.commitDelayMillis(), config.compactOnCloseMillis());
    }

    public MVStoreProvider(File file, Durability durability, int commitDelayMillis, int compactOnCloseMillis) {
        ownerOnly(file.getAbsoluteFile().toPath());
        this.store = new MVStore.Builder().fileName(file.getPath()).open();
        this.store.setAutoCommitDelay(Math.max(1, commitDelayMillis));
        // Space of dead chunks is reused at once instead of after MVStore's default 45 s. The newest
        // chunk is never overwritten, so a killed process still leaves a readable store; against
        // power loss only FSYNC promises anything, and it syncs every commit itself.
        this.store.setRetentionTime(0);
        this.documents = store.openMap("documents");
        this.durability = durability;
        this.commits = new Committer("switchboard-data-commit", () -> {
            store.commit();
            if (durability == Durability.FSYNC) {
                store.sync();
            }
        });
        this.compactOnCloseMillis = compactOnCloseMillis;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * The store holds password hashes among everything else: its file is made readable by its owner
     * only (0600), and a folder made for it too (0700), where the file system has POSIX permissions.
     * A file an earlier version left readable by others is narrowed the same way.
     */
    static void ownerOnly(Path file) {
        try {
            Path parent = file.getParent();
            if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                return;
            }
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException existing) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the store file " + file, e);
        }
    }

    private static File resolveFile(BundleContext context, String configured) {
        if (!configured.isEmpty()) {
            return new File(configured);
        }
        String home = context.getProperty("switchboard.home");
        if (home != null && !home.isEmpty()) {
            return new File(new File(home, "data"), "switchboard.mv.db");
        }
        return context.getDataFile("switchboard.mv.db");
    }

    @Deactivate
    public void close() {
        commits.close(); // the writes waiting for a commit get it first
        if (!store.isClosed()) {
            store.close(compactOnCloseMillis);
        }
    }

    /**
     * Rewrites the live pages of sparsely used chunks into new ones, so that the old chunks' space
     * can be reused. MVStore's background thread does the same continuously; closing the store also
     * tries to shrink the file, for {@code compactOnCloseMillis}.
     */
    public void compact() {
        store.compact(90, 16 * 1024 * 1024);
        store.commit();
    }

    /** How many commits the store has made since it was created (MVStore's version): for tests. */
    long commitCount() {
        return store.getCurrentVersion();
    }

    /** The store file's size in bytes. */
    public long fileSize() {
        return store.getFileStore().size();
    }

    /** Reads come from this process's memory and its own file (MVStore's page cache). */
    @Override
    public boolean readsInProcess() {
        return true;
    }

    @Override
    public StoredItem get(String path) {
        byte[] bytes = documents.get(path);
        return bytes == null ? null : ItemCodec.decode(path, bytes);
    }

    @Override
    public StoredItem update(String path, UnaryOperator<StoredItem> change, boolean durable) {
        StoredItem next = store(path, change);
        if (durable) {
            makeDurable();
        }
        return next;
    }

    /** The caller does not wait for the disk: a commit shared with every write meanwhile resolves the promise. */
    @Override
    public StoredChange updateDurable(String path, UnaryOperator<StoredItem> change) {
        StoredItem next = store(path, change);
        if (durability == Durability.BACKGROUND) {
            return StoredChange.durableNow(next);
        }
        return new StoredChange(next, commits.afterChange());
    }

    /**
     * Stores the change; the document now stored. An unchanged document is still waited for by a
     * durable write: a write at QUEUED may have stored it and not yet committed it. A change that
     * reads only the current meta gets it without the current data being decoded.
     */
    private StoredItem store(String path, UnaryOperator<StoredItem> change) {
        boolean metaOnly = change instanceof DocumentChange known && known.readsMetaOnly();
        synchronized (lockFor(path)) {
            byte[] bytes = documents.get(path);
            StoredItem current = bytes == null ? null : metaOnly ? ItemCodec.decodeMeta(path, bytes) : ItemCodec.decode(path, bytes);
            StoredItem next = change.apply(current);
            if (next == current) {
                return metaOnly ? get(path) : current;
            }
            documents.put(path, ItemCodec.encode(next));
            return next;
        }
    }

    @Override
    public void scan(Selection selection, Consumer<StoredItem> sink) {
        forEach(selection, (path, item) -> sink.accept(item));
    }

    @Override
    public long count(Selection selection) {
        long[] count = new long[1];
        forEach(selection, (path, item) -> count[0]++);
        return count[0];
    }

    @Override
    public List<String> remove(Selection selection, boolean durable) {
        List<String> removed = removeStored(selection);
        if (durable && !removed.isEmpty()) {
            makeDurable();
        }
        return removed;
    }

    /** As {@link #updateDurable}: the caller does not wait for the disk; the next shared commit resolves the promise. */
    @Override
    public DurableRemoval removeDurable(Selection selection) {
        Removal removal = new Removal(removeStored(selection), Removal.UNVERSIONED);
        if (removal.paths().isEmpty() || durability == Durability.BACKGROUND) {
            return DurableRemoval.durableNow(removal);
        }
        return new DurableRemoval(removal, commits.afterChange());
    }

    /** Removes the selection's documents from the store (readers no longer see them); the paths removed. */
    private List<String> removeStored(Selection selection) {
        List<String> candidates = new ArrayList<>();
        forEach(selection, (path, item) -> candidates.add(path));
        List<String> removed = new ArrayList<>();
        for (String path : candidates) {
            synchronized (lockFor(path)) {
                // test again under the lock: a concurrent write may have changed the document
                StoredItem current = get(path);
                if (current != null && selection.test(current)) {
                    documents.remove(path);
                    removed.add(path);
                }
            }
        }
        return removed;
    }

    private void makeDurable() {
        if (durability != Durability.BACKGROUND) {
            commits.awaitDurable();
        }
    }

    private interface Visitor {
        void visit(String path, StoredItem item);
    }

    /**
     * Visits the documents of a selection, reading only the key range below the pattern's literal
     * prefix (a whole-segment prefix), and the prefix itself when {@code **} may match nothing.
     */
    private void forEach(Selection selection, Visitor visitor) {
        String prefix = selection.pattern().literalPrefix();
        if (selection.pattern().isExact() || (!prefix.isEmpty() && selection.pattern().matches(prefix))) {
            byte[] bytes = documents.get(prefix);
            if (bytes != null) {
                visit(selection, prefix, bytes, visitor);
            }
            if (selection.pattern().isExact()) {
                return;
            }
        }
        String below = prefix + "/";
        Cursor<String, byte[]> cursor = documents.cursor(below);
        while (cursor.hasNext()) {
            String path = cursor.next();
            if (!path.startsWith(below)) {
                break;
            }
            visit(selection, path, cursor.getValue(), visitor);
        }
    }

    private static void visit(Selection selection, String path, byte[] bytes, Visitor visitor) {
        if (selection.pattern().matches(path) && selection.owned().test(path)) {
            StoredItem item = ItemCodec.decode(path, bytes);
            if (selection.criteria().test(item)) {
                visitor.visit(path, item);
            }
        }
    }

    private Object lockFor(String path) {
        return locks[Math.floorMod(path.hashCode(), LOCK_STRIPES)];
    }
}
