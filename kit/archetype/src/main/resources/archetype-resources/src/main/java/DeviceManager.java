package ${package};

import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * deviceManager as ${componentName} calls it: its own interface, with only the methods it uses, each
 * returning a promise. The mesh converts deviceManager's answers to these types as data, so this
 * component works with every release of deviceManager in its range (^1.0.0) and never loads one's
 * classes.
 */
public interface DeviceManager {

    Promise<Device> device(String id);

    /** The last reading of a device, or null. */
    Promise<Reading> lastReading(String deviceId);

    /**
     * The part of a device this component reads. The mesh refuses data that does not fit a type
     * exactly ({@code mesh.incompatible-data}); a type that reads only part of it says so, and the
     * fields it lacks are dropped (a field it has that the data lacks is still an error).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Device(String id, String location, String customer) {
    }

    record Reading(String deviceId, double value) {
    }

    /** deviceManager's {@code alert} event, the part this component reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Alert(String deviceId, double value) {
    }
}
