package io.switchboard.bus.logging;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One rule of the bus's event log: a factory configuration of PID {@code io.switchboard.bus.logging}
 * ({@code etc/io.switchboard.bus.logging-<name>.cfg}, or the web console's Configuration page).
 * docs/bus-logging.md lists the settings.
 */
@ObjectClassDefinition(name = "Switchboard bus event log rule", description = "Logs bus events (publish, deliver, redeliver, ack, nack, dead-letter) that match")
public @interface LogRuleConfig {

    @AttributeDefinition(description = "topic name: exact, a prefix ending in *, or * for every topic")
    String topic() default "*";

    @AttributeDefinition(description = "producer (a user name or service:<id>): exact, a prefix ending in *, or * for any; only publish, deliver, redeliver and dead-letter events know their producer")
    String producer() default "*";

    @AttributeDefinition(description = "consumer group: exact, a prefix ending in *, or * for any; publish events have no group and match only *")
    String group() default "*";

    @AttributeDefinition(description = "the events to log, or all")
    String[] events() default {"all"};

    @AttributeDefinition(description = "the level the lines are logged at (the logger io.switchboard.bus.events must let it through)",
            options = {@Option(value = "error"), @Option(value = "warn"), @Option(value = "info"), @Option(value = "debug"), @Option(value = "trace")})
    String level() default "info";

    @AttributeDefinition(description = "whether lines carry the payload (fields named like secrets are masked)")
    boolean logPayload() default false;

    @AttributeDefinition(description = "the most characters of payload on a line")
    int payloadMaxChars() default 1024;
}
