package io.switchboard.examples.customernotifier;

import org.osgi.util.promise.Promise;

/** This component's own view of deviceManager: only what it uses, compiled here, not imported from deviceManager. */
public interface DeviceManager {

    Promise<Device> device(String id);

    /** The part of a device this component needs. */
    record Device(String id, String customer, String location) {
    }
}
