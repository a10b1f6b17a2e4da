package ${package};

/** What {@code report} answers, and the payload of the {@code reports/<deviceId>} event. */
public record Report(String deviceId, String location, String customer, Double lastValue) {
}
