package io.switchboard.bus.internal.hook;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Webhooks, the WebSub hub and routing rules (PID {@code io.switchboard.bus.hooks},
 * {@code etc/io.switchboard.bus.hooks.cfg}); docs/bus-webhooks.md lists them.
 */
@ObjectClassDefinition(name = "Switchboard bus hooks")
public @interface HooksConfig {

    @AttributeDefinition(description = "hosts callbacks may name (an entry 'example.com', or '*.example.com' for its subdomains);"
            + " empty: any host, including internal ones (see docs/bus-webhooks.md on SSRF)")
    String[] callbackAllowList() default {};

    @AttributeDefinition(description = "how long one POST to a callback (and one verification GET) may take, connecting included, in milliseconds")
    long callbackTimeoutMillis() default 10_000;

    @AttributeDefinition(description = "the threads of the HTTP client that sends deliveries and verifications and settles their answers"
            + " (a slow callback holds none: requests wait without a thread)")
    int callbackThreads() default 4;

    @AttributeDefinition(description = "the most deliveries in flight to one subscription's callback at once")
    int maxInFlightPerCallback() default 8;

    @AttributeDefinition(description = "the wait before the first retry of a failed delivery, in milliseconds; doubled per delivery, with jitter")
    long retryBaseMillis() default 1_000;

    @AttributeDefinition(description = "the longest wait between retries, in milliseconds")
    long retryMaxMillis() default 300_000;

    @AttributeDefinition(description = "the most webhook and WebSub subscriptions, all topics together")
    int maxSubscriptions() default 10_000;

    @AttributeDefinition(description = "the most routing rules, all topics together")
    int maxRules() default 1_000;

    @AttributeDefinition(description = "the WebSub lease when the subscriber asks for none, in seconds")
    long websubDefaultLeaseSeconds() default 10L * 24 * 3600;

    @AttributeDefinition(description = "the shortest WebSub lease granted, in seconds (a shorter request gets this)")
    long websubMinLeaseSeconds() default 60;

    @AttributeDefinition(description = "the longest WebSub lease granted, in seconds (a longer request gets this)")
    long websubMaxLeaseSeconds() default 30L * 24 * 3600;
}
