package io.switchboard.bus.middleware.internal;

import io.switchboard.bus.middleware.BusMiddleware;

/**
 * A link of this bundle: called on the caller's thread, and its {@link io.switchboard.api.errors.SwitchboardException}s
 * reach the producer with their own {@code bus.*} codes. Links of other bundles are called under a timeout.
 */
interface BuiltIn extends BusMiddleware {
}
