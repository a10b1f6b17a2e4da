package io.switchboard.examples.customernotifier;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;
import io.switchboard.api.mesh.MeshEvent;
import io.switchboard.api.mesh.SubscribeOptions;

/**
 * The seeds' customerNotifier: each alert must reach the customer once, however many instances run
 * for redundancy, so it subscribes with {@code any}. It asks deviceManager where the device is,
 * through a typed proxy on its own interface, and "sends" the SMS (a log line; kept for
 * {@link #sent()}).
 */
@MeshComponent(name = "customerNotifier", dependencies = "deviceManager ^1.0.0")
public final class CustomerNotifier {

    private final Happn happn;
    private final DeviceManager devices;
    private final List<Map<String, Object>> sent = new CopyOnWriteArrayList<>();

    public CustomerNotifier(Happn happn) {
        this.happn = happn;
        this.devices = happn.exchange().proxy("deviceManager", DeviceManager.class);
        happn.event().on("deviceManager", "alert", SubscribeOptions.any(), this::alert);
    }

    private void alert(MeshEvent event) throws Exception {
        Alert alert = event.payload(Alert.class);
        DeviceManager.Device device = devices.device(alert.deviceId()).getValue();
        String text = "Dear " + device.customer() + ", your " + device.id() + " in the " + device.location() + " reads "
                + alert.value() + " (over " + alert.threshold() + ")";
        sent.add(Map.of("customer", device.customer(), "deviceId", device.id(), "value", alert.value(),
                "text", text, "origin", event.origin().toString()));
        happn.log().log(System.Logger.Level.INFO, "SMS to {0}: {1}", device.customer(), text);
    }

    /** The notifications this instance sent, oldest first. */
    public List<Map<String, Object>> sent() {
        return List.copyOf(sent);
    }

    /** The alert as this component reads it: part of what deviceManager sends (see {@link DeviceManager.Device}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(String deviceId, String customer, double value, double threshold) {
    }
}
