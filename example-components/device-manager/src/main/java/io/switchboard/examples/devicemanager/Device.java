package io.switchboard.examples.devicemanager;

/** A device of the catalogue; {@code firmware} is known from release 1.1.0 on. */
public record Device(String id, String kind, String location, String customer, double alertAbove, String firmware) {
}
