package io.switchboard.bus.internal.file;

import java.io.File;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.mvstore.MVStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.system.durability.GroupCommit;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.bus.spi.TopicQueue;
import io.switchboard.system.health.HealthStatus;

/**
 * The {@code file} driver: topics in an embedded MVStore of their own ({@code data/bus.mv.db}, the
 * store the data bundle ships), local to this runtime. A publish and an ack are answered once
 * committed, in groups; with {@code fsync} also synced to the disk (surviving a power cut, not only
 * the process's death). MVStore compacts the file in the background, and on close.
 */
@Component(service = BusDriver.class, property = BusDriver.NAME + "=" + FileDriver.NAME, configurationPid = "io.switchboard.bus.file")
@Designate(ocd = FileDriver.Config.class)
public final class FileDriver implements BusDriver {

    public static final String NAME = "file";
    private static final Logger LOG = LoggerFactory.getLogger(FileDriver.class);

    @ObjectClassDefinition(name = "Switchboard bus: file driver")
    public @interface Config {
        @AttributeDefinition(description = "the store's file, relative to the runtime's home")
        String file() default "data/bus.mv.db";

        @AttributeDefinition(description = "sync every group commit to the disk (survives a power cut; slower); off: a commit survives the process being killed")
        boolean fsync() default false;

        @AttributeDefinition(description = "how long closing the store may spend compacting the file, in milliseconds")
        int compactOnCloseMillis() default 2000;
    }

    private final MVStore store;
    private final GroupCommit commit;
    private final int compactOnCloseMillis;
    private final Map<String, FileQueue> queues = new ConcurrentHashMap<>();

    @Activate
    public FileDriver(BundleContext context, Config config) {
        this(resolve(context.getProperty("switchboard.home"), config.file()), config.fsync(), config.compactOnCloseMillis());
    }

    public FileDriver(File file, boolean fsync, int compactOnCloseMillis) {
        File parent = file.getAbsoluteFile().getParentFile();
        if (parent != null) {
            parent.mkdirs();
        }
        this.store = new MVStore.Builder().fileName(file.getPath()).open();
        // As the data store does: space of dead chunks is reused at once, not after MVStore's default
        // 45 s; with a commit per publish and ack, that default let the file grow by tens of KB per
        // message. The newest chunk is never overwritten, so a killed process leaves a readable store.
        this.store.setRetentionTime(0);
        this.commit = new GroupCommit(() -> {
            store.commit();
            if (fsync) {
                store.sync();
            }
        });
        this.compactOnCloseMillis = compactOnCloseMillis;
    }

    private static File resolve(String home, String file) {
        File path = new File(file);
        return path.isAbsolute() || home == null ? path : new File(home, file);
    }

    @Override
    public TopicQueue open(String topic, TopicSettings settings) {
        FileQueue queue = queues.computeIfAbsent(topic, name -> new FileQueue(store, commit, name, settings, System.currentTimeMillis()));
        queue.configure(settings);
        return queue;
    }

    @Override
    public void delete(String topic) {
        FileQueue queue = queues.remove(topic);
        if (queue != null) {
            queue.close();
        }
        for (String name : FileQueue.mapNames(topic)) {
            if (store.hasMap(name)) {
                store.removeMap(name);
            }
        }
        commit.awaitDurable();
    }

    @Override
    public HealthStatus health() {
        return store.isClosed() ? HealthStatus.down("the bus's file store is closed") : HealthStatus.up();
    }

    @Deactivate
    public void close() {
        try {
            store.close(compactOnCloseMillis);
        } catch (RuntimeException e) {
            LOG.warn("bus: closing the file store failed ({}); it is checked when opened next", e.toString());
        }
    }
}
