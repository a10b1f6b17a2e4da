package io.switchboard.examples.customernotifier;

import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** This component's own view of deviceManager: only what it uses, compiled here, not imported from deviceManager. */
public interface DeviceManager {

    Promise<Device> device(String id);

    /**
     * The part of a device this component needs. The mesh refuses data that does not fit a type
     * exactly (mesh.incompatible-data), so a type that reads only part of it says so: the fields it
     * does not have are dropped, and a field it has that the data lacks is still an error.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Device(String id, String customer, String location) {
    }
}
