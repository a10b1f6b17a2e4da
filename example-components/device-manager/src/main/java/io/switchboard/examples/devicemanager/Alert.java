package io.switchboard.examples.devicemanager;

/** The payload of the {@code alert} event. */
public record Alert(String deviceId, String customer, double value, double threshold, String raisedBy) {
}
