package io.switchboard.bus.logging;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.system.log.LogText;

/**
 * The bus's event log: one structured line ({@code bus event=... topic="..." ...}) per publish,
 * deliver, redeliver, ack, nack and dead-letter that a {@link LogRule} matches, on the logger
 * {@value #LOGGER}. With no rule it costs one check per event. Payloads are logged only where a rule
 * asks, cut to its length, with every field named like a secret masked; headers named like a secret
 * are masked always.
 */
@Component(service = BusEventLog.class, immediate = true)
public final class BusEventLog {

    public static final String LOGGER = "io.switchboard.bus.events";
    private static final Pattern SECRET = Pattern.compile("(?i).*(authorization|token|secret|password|passwd|pwd|api[-_]?key|cookie|credential"
            + "|private[-_]?key|signature).*");
    private static final String MASK = "***";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<LogRule> rules = new CopyOnWriteArrayList<>();
    private final BiConsumer<Level, String> sink;

    public BusEventLog() {
        Logger logger = LoggerFactory.getLogger(LOGGER);
        this.sink = (level, line) -> logger.atLevel(level).log(line);
    }

    /** For tests: where the lines go. */
    BusEventLog(BiConsumer<Level, String> sink) {
        this.sink = sink;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(LogRule rule) {
        rules.add(rule);
    }

    void removeRule(LogRule rule) {
        rules.remove(rule);
    }

    /** Whether any rule is configured (the bus skips building events when none is). */
    public boolean on() {
        return !rules.isEmpty();
    }

    /** What one event is about; null where the event does not know. */
    public record Event(String event, String topic, String id, String producer, String group, String consumer, int deliveries, int priority,
            String reason, byte[] payload, Map<String, String> headers) {
    }

    public void log(Event event) {
        Level level = null;
        LogRule withPayload = null;
        for (LogRule rule : rules) {
            if (rule.matches(event.event(), event.topic(), event.producer(), event.group())) {
                level = level == null || rule.level().toInt() > level.toInt() ? rule.level() : level;
                if (rule.logPayload() && (withPayload == null || rule.payloadMaxChars() > withPayload.payloadMaxChars())) {
                    withPayload = rule;
                }
            }
        }
        if (level != null) {
            sink.accept(level, line(event, withPayload));
        }
    }

    private static String line(Event event, LogRule withPayload) {
        StringBuilder line = new StringBuilder("bus event=").append(event.event());
        field(line, "topic", event.topic());
        field(line, "id", event.id());
        field(line, "producer", event.producer());
        field(line, "group", event.group());
        field(line, "consumer", event.consumer());
        if (event.deliveries() > 0) {
            line.append(" deliveries=").append(event.deliveries());
        }
        if (event.priority() >= 0) {
            line.append(" priority=").append(event.priority());
        }
        field(line, "reason", event.reason());
        if (event.payload() != null) {
            line.append(" bytes=").append(event.payload().length);
        }
        if (event.headers() != null && !event.headers().isEmpty()) {
            ObjectNode headers = JSON.createObjectNode();
            new TreeMap<>(event.headers()).forEach((name, value) -> headers.put(name, SECRET.matcher(name).matches() ? MASK : value));
            line.append(" headers=").append(LogText.quoted(headers.toString()));
        }
        if (withPayload != null && event.payload() != null) {
            line.append(" payload=").append(LogText.quoted(LogText.of(masked(event.payload()), withPayload.payloadMaxChars())));
        }
        return line.toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        if (value != null) {
            line.append(' ').append(name).append('=').append(LogText.quoted(value));
        }
    }

    /** The payload with every field named like a secret masked, at any depth. */
    static String masked(byte[] payload) {
        try {
            JsonNode json = JSON.readTree(payload);
            mask(json);
            return json.toString();
        } catch (IOException e) {
            return "(not JSON)";
        }
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) object::fields) {
                if (SECRET.matcher(field.getKey()).matches()) {
                    field.setValue(JSON.getNodeFactory().textNode(MASK));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(BusEventLog::mask);
        }
    }
}
