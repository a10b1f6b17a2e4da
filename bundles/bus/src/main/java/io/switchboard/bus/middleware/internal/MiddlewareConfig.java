package io.switchboard.bus.middleware.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The middleware chain's settings (PID {@code io.switchboard.bus.middleware}, {@code etc/io.switchboard.bus.middleware.cfg}); docs/bus-middleware.md lists them. */
@ObjectClassDefinition(name = "Switchboard bus middleware")
public @interface MiddlewareConfig {

    @AttributeDefinition(description = "how long one call of a link from another bundle may take, in milliseconds; longer is bus.middleware-timeout")
    long linkTimeoutMillis() default 2_000;

    @AttributeDefinition(description = "how many calls of links from other bundles may run at once (a hung link holds one until it returns)")
    int maxLinkThreads() default 32;

    @AttributeDefinition(description = "payloads larger than this are stored gzip-compressed, in bytes; 0 turns compression off")
    int compressAboveBytes() default 8 * 1024;
}
