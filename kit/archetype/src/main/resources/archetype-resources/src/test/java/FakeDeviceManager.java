package ${package};

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;

/**
 * A deviceManager for the tests: the methods ${componentName} calls (public: they are its exchange),
 * and what a test makes it do (package-private: not part of the exchange). A test could deploy the
 * real deviceManager jar instead (TestMesh.deploy).
 */
@MeshComponent(name = "deviceManager", events = "alert")
public final class FakeDeviceManager {

    private final Happn happn;
    private final Map<String, Double> readings = new ConcurrentHashMap<>();

    public FakeDeviceManager(Happn happn) {
        this.happn = happn;
    }

    public Map<String, Object> device(String id) {
        if (!id.equals("thermostat-1")) {
            throw new SwitchboardException("devices.unknown-device", "no device " + id);
        }
        return Map.of("id", id, "kind", "thermostat", "location", "hall", "customer", "alice");
    }

    public Map<String, Object> lastReading(String deviceId) {
        Double value = readings.get(deviceId);
        return value == null ? null : Map.of("deviceId", deviceId, "value", value);
    }

    void reading(String deviceId, double value) {
        readings.put(deviceId, value);
    }

    /** Emits an alert; the promise resolves once every handler has acknowledged it. */
    Promise<Integer> alert(String deviceId, double value) {
        return happn.emit("alert", Map.of("deviceId", deviceId, "value", value, "customer", "alice", "threshold", 30.0));
    }
}
