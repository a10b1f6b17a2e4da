package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event a component emitted, delivered to an {@link SwitchboardClient#onEvent} subscription
 * (docs/protocol.md, "Mesh actions").
 *
 * @param component the emitting component
 * @param version   the emitting instance's version
 * @param event     the event's name
 * @param data      its payload as JSON
 */
public record ComponentEvent(String component, String version, String event, JsonNode data) {
}
