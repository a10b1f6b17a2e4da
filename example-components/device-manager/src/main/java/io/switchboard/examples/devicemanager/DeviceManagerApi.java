package io.switchboard.examples.devicemanager;

import java.util.List;

import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.NonBlocking;

/**
 * deviceManager's exchange. Callers do not import this package (it is private to the bundle): they
 * keep their own interface with the same method names, whose methods return Promises, so a caller
 * never wires to one release of deviceManager and a swap refreshes nothing.
 */
public interface DeviceManagerApi {

    /** Records a reading; over the device's threshold it raises the {@code alert} event. */
    Reading update(Reading reading);

    /** One device of the catalogue. @throws io.switchboard.api.errors.SwitchboardException {@code devices.unknown-device} */
    @NonBlocking // answered from memory: a client's call runs on the thread that read it
    Device device(String id);

    @NonBlocking
    List<Device> devices();

    /** The last reading recorded for a device (kept in the data store, so every instance sees it), or null. */
    Promise<Reading> lastReading(String deviceId);

    /**
     * The device's next reading, as soon as this instance records one, or null after {@code waitMillis}
     * (0 to 60,000): a long poll. It answers later, so a caller's timeout applies to it.
     *
     * @throws io.switchboard.api.errors.SwitchboardException {@code devices.invalid-wait} for a wait out of range,
     *         {@code devices.too-many-waiting} when 1,000 callers already wait for the device
     */
    Promise<Reading> nextReading(String deviceId, long waitMillis);

    /** The release answering, e.g. {@code 1.1.0}. */
    @NonBlocking
    String version();

    /**
     * Who started the call chain, as the mesh carries it ({@code happn.origin()}), e.g.
     * {@code user:ann (session …)}: shows clients and tests that their identity reaches a component.
     */
    @NonBlocking
    String origin();
}
