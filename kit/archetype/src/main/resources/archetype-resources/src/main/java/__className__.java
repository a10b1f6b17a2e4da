package ${package};

import java.lang.System.Logger.Level;
import java.util.regex.Pattern;

import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;
import io.switchboard.api.mesh.MeshEvent;
import io.switchboard.api.mesh.SubscribeOptions;

/**
 * The ${componentName} component. It depends on deviceManager (any 1.x release), which it calls
 * through a typed proxy, and it listens to deviceManager's {@code alert}: each alert becomes a report,
 * emitted as the event {@code reports/<deviceId>}.
 *
 * <p>Its version is the bundle's (the project's version without -SNAPSHOT). It keeps no state, so any
 * number of instances can run, on one node or many.
 */
@MeshComponent(name = "${componentName}", api = ${className}Api.class, dependencies = "deviceManager ^1.0.0", events = "reports/*")
public final class ${className} implements ${className}Api {

    /** What a device id may be: it becomes part of an event's name, and of log lines. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Happn happn;
    private final DeviceManager devices;

    public ${className}(Happn happn) {
        this.happn = happn;
        this.devices = happn.exchange().proxy("deviceManager", DeviceManager.class);
        // any: each alert reaches one instance of ${componentName}, however many run
        happn.event().on("deviceManager", "alert", SubscribeOptions.any(), this::alert);
    }

    @Override
    public Promise<Report> report(String deviceId) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            // A code of this component's own (its first word names the component's area), and a message for the caller.
            throw new SwitchboardException("reports.invalid-device-id",
                    "a device id is 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
        return devices.device(deviceId).flatMap(device -> devices.lastReading(device.id())
                .map(last -> new Report(device.id(), device.location(), device.customer(), last == null ? null : last.value())));
    }

    /** Throwing here would hand the alert to another instance (any); returning acknowledges it. */
    private void alert(MeshEvent event) throws Exception {
        DeviceManager.Alert alert = event.payload(DeviceManager.Alert.class);
        Report report = report(alert.deviceId()).getValue();
        happn.log().log(Level.DEBUG, "alert of {0} at {1}, reported for {2}", alert.deviceId(), alert.value(), event.origin());
        happn.emit("reports/" + alert.deviceId(), report);
    }
}
