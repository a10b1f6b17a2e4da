package io.switchboard.examples.devicemanager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;

/**
 * The seeds' deviceManager on the mesh: field devices call {@code update(reading)}; a reading over
 * the device's threshold raises {@code alert}, which customerNotifier (any) and browserNotifier (all)
 * subscribe to. Its version is the bundle's: 1.0.0 here, 1.1.0 from device-manager-next.
 */
@MeshComponent(name = "deviceManager", api = DeviceManagerApi.class, events = "alert")
public final class DeviceManagerComponent implements DeviceManagerApi, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final long MAX_WAIT_MILLIS = 60_000;
    /** Callers choose how many wait: each device keeps at most this many. */
    private static final int MAX_WAITING = 1_000;

    private final Happn happn;
    private final Map<String, Device> catalogue = new LinkedHashMap<>();
    /** Callers of nextReading, by device: keyed by the catalogue only, and bounded per device. */
    private final Map<String, List<Deferred<Reading>>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "deviceManager-timer");
        thread.setDaemon(true);
        return thread;
    });

    public DeviceManagerComponent(Happn happn) {
        this.happn = happn;
        for (Device device : load()) {
            catalogue.put(device.id(), device);
        }
        happn.log().log(System.Logger.Level.INFO, "serving {0} devices", catalogue.size());
    }

    @Override
    public Reading update(Reading reading) {
        Device device = device(reading.deviceId());
        // DEBUG: shown once an operator sets level.deviceManager = DEBUG (etc/io.switchboard.logging.cfg), no restart
        happn.log().log(System.Logger.Level.DEBUG, "reading of {0}: {1}", device.id(), reading.value());
        happn.data().set("/readings/" + device.id(), reading).onFailure(e -> happn.log().log(System.Logger.Level.WARNING,
                "reading of {0} not kept: {1}", device.id(), e.toString()));
        if (reading.value() > device.alertAbove()) {
            happn.emit("alert", new Alert(device.id(), device.customer(), reading.value(), device.alertAbove(), happn.version()));
        }
        List<Deferred<Reading>> waiters = waiting.get(device.id());
        if (waiters != null) {
            for (Deferred<Reading> waiter : waiters) {
                if (waiters.remove(waiter)) {
                    waiter.resolve(reading);
                }
            }
        }
        return reading;
    }

    @Override
    public Promise<Reading> nextReading(String deviceId, long waitMillis) {
        Device device = device(deviceId);
        if (waitMillis < 0 || waitMillis > MAX_WAIT_MILLIS) {
            throw new SwitchboardException("devices.invalid-wait", "waitMillis must be between 0 and " + MAX_WAIT_MILLIS + ", was " + waitMillis);
        }
        List<Deferred<Reading>> waiters = waiting.computeIfAbsent(device.id(), id -> new CopyOnWriteArrayList<>());
        if (waiters.size() >= MAX_WAITING) {
            throw new SwitchboardException("devices.too-many-waiting", MAX_WAITING + " callers already wait for " + device.id());
        }
        Deferred<Reading> next = new Deferred<>();
        waiters.add(next);
        timer.schedule(() -> {
            if (waiters.remove(next)) {
                next.resolve(null);
            }
        }, waitMillis, TimeUnit.MILLISECONDS);
        return next.getPromise();
    }

    /** After the drain: whoever still waits gets no reading (the mesh has already answered them if it gave up on them). */
    @Override
    public void close() {
        timer.shutdownNow();
        waiting.values().forEach(waiters -> waiters.forEach(waiter -> {
            if (waiters.remove(waiter)) {
                waiter.resolve(null);
            }
        }));
    }

    @Override
    public Device device(String id) {
        Device device = catalogue.get(id);
        if (device == null) {
            throw new SwitchboardException("devices.unknown-device", "no device " + id + " in deviceManager " + happn.version()
                    + "; known: " + catalogue.keySet());
        }
        return device;
    }

    @Override
    public List<Device> devices() {
        return List.copyOf(catalogue.values());
    }

    @Override
    public Promise<Reading> lastReading(String deviceId) {
        return happn.data().get("/readings/" + device(deviceId).id(), Reading.class).map(found -> found.orElse(null));
    }

    @Override
    public String version() {
        return happn.version();
    }

    @Override
    public String origin() {
        return happn.origin().toString();
    }

    private static List<Device> load() {
        try (InputStream in = DeviceManagerComponent.class.getResourceAsStream("devices.json")) {
            return JSON.readValue(in, new TypeReference<List<Device>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("the device catalogue cannot be read", e);
        }
    }
}
