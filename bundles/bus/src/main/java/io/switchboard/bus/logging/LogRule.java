package io.switchboard.bus.logging;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.event.Level;

/** One configured rule (a factory configuration); the event log holds every rule there is, and a change applies at once. */
@Component(service = LogRule.class, configurationPid = "io.switchboard.bus.logging", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LogRuleConfig.class, factory = true)
public final class LogRule {

    /** The events a rule may name. */
    public static final Set<String> EVENTS = Set.of("publish", "deliver", "redeliver", "ack", "nack", "dead-letter");

    private final String topic;
    private final String producer;
    private final String group;
    private final Set<String> events;
    private final Level level;
    private final boolean logPayload;
    private final int payloadMaxChars;

    @Activate
    public LogRule(LogRuleConfig config) {
        this(config.topic(), config.producer(), config.group(), Set.of(config.events()), config.level(), config.logPayload(), config.payloadMaxChars());
    }

    LogRule(String topic, String producer, String group, Set<String> events, String level, boolean logPayload, int payloadMaxChars) {
        this.topic = topic == null || topic.isBlank() ? "*" : topic.trim();
        this.producer = producer == null || producer.isBlank() ? "*" : producer.trim();
        this.group = group == null || group.isBlank() ? "*" : group.trim();
        Set<String> named = events.stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).filter(value -> !value.isEmpty())
                .map(value -> value.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.events = named.isEmpty() || named.contains("all") ? EVENTS : named;
        this.level = level(level);
        this.logPayload = logPayload;
        this.payloadMaxChars = Math.max(16, payloadMaxChars);
    }

    private static Level level(String name) {
        try {
            return Level.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return Level.INFO; // a level that is not one logs at info rather than not at all
        }
    }

    boolean matches(String event, String eventTopic, String eventProducer, String eventGroup) {
        return events.contains(event) && matches(topic, eventTopic) && matches(producer, eventProducer) && matches(group, eventGroup);
    }

    private static boolean matches(String pattern, String value) {
        if (pattern.equals("*")) {
            return true;
        }
        if (value == null) {
            return false;
        }
        return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(value);
    }

    Level level() {
        return level;
    }

    boolean logPayload() {
        return logPayload;
    }

    int payloadMaxChars() {
        return payloadMaxChars;
    }
}
