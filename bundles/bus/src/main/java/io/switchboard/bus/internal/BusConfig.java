package io.switchboard.bus.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The bus's limits and defaults (PID {@code io.switchboard.bus}, {@code etc/io.switchboard.bus.cfg}); docs/bus.md lists them. */
@ObjectClassDefinition(name = "Switchboard bus")
public @interface BusConfig {

    @AttributeDefinition(description = "the driver of a topic whose settings name none")
    String defaultDriver() default "file";

    @AttributeDefinition(description = "the most topics the bus holds")
    int maxTopics() default 10_000;

    @AttributeDefinition(description = "the most consumer groups of one topic")
    int maxGroupsPerTopic() default 100;

    @AttributeDefinition(description = "the largest maxLength a topic may have")
    int maxTopicLength() default 10_000_000;

    @AttributeDefinition(description = "the largest payload of a message, in bytes")
    int maxPayloadBytes() default 1024 * 1024;

    @AttributeDefinition(description = "the most messages of one batch: a batch publish, ack or nack")
    int maxBatchMessages() default 1_000;

    @AttributeDefinition(description = "the largest body of a batch publish, in bytes (each payload also within maxPayloadBytes)")
    int maxBatchBytes() default 4 * 1024 * 1024;

    @AttributeDefinition(description = "the most messages one lease may ask for")
    int maxLeaseMessages() default 1_000;

    @AttributeDefinition(description = "the shortest visibility (and ackTimeoutMillis), in milliseconds")
    long minVisibilityMillis() default 100;

    @AttributeDefinition(description = "the longest visibility (and ackTimeoutMillis), in milliseconds")
    long maxVisibilityMillis() default 12L * 3600 * 1000;

    @AttributeDefinition(description = "the largest maxDeliveries a topic may have")
    int maxDeliveriesLimit() default 1_000;

    @AttributeDefinition(description = "the longest dedupWindowMillis a topic may have, in milliseconds")
    long maxDedupWindowMillis() default 24L * 3600 * 1000;

    @AttributeDefinition(description = "the longest Bus-Delay-Millis (and nack delay), in milliseconds")
    long maxDelayMillis() default 7L * 24 * 3600 * 1000;

    @AttributeDefinition(description = "how long a synchronous publish waits for its reply when it names no timeout, in milliseconds")
    long replyTimeoutMillis() default 30_000;

    @AttributeDefinition(description = "the longest timeout a synchronous publish may name, in milliseconds")
    long maxReplyTimeoutMillis() default 300_000;

    @AttributeDefinition(description = "the most synchronous publishes waiting for their reply at once")
    int maxWaitingReplies() default 10_000;

    @AttributeDefinition(description = "how often leases that ran out, delays and retention are looked at, in milliseconds")
    long sweepIntervalMillis() default 250;

    @AttributeDefinition(description = "how long a registered service stays active without renewing, in milliseconds")
    long serviceLeaseMillis() default 60_000;

    @AttributeDefinition(description = "how long a service's token is valid, in minutes")
    long serviceTokenTtlMinutes() default 30L * 24 * 60;

    @AttributeDefinition(description = "the most registered services")
    int maxServices() default 10_000;
}
