package ${package};

import org.osgi.util.promise.Promise;

/**
 * ${componentName}'s exchange: the methods that other components and clients call. A caller does not
 * import this interface (it stays private to this bundle): it keeps its own copy whose methods
 * return promises, as this component does for deviceManager (DeviceManager.java), so that no
 * caller is wired to one release of ${componentName}.
 */
public interface ${className}Api {

    /**
     * Where a device is, whose it is, and what it read last.
     *
     * @throws io.switchboard.api.errors.SwitchboardException {@code reports.invalid-device-id} for an
     *         id that cannot be a device's; deviceManager's {@code devices.unknown-device} for a device
     *         it does not know
     */
    Promise<Report> report(String deviceId);
}
