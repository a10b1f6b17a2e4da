package io.switchboard.examples.devicemanager;

/** A sensor reading as a field device sends it. */
public record Reading(String deviceId, double value) {
}
