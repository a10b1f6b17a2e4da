package io.switchboard.system.internal;

/**
 * One thing that keeps the runtime from being ready.
 *
 * @param kind   what sort of thing: {@code framework}, {@code bundle}, {@code component} or {@code check}
 * @param name   which one (a bundle's symbolic name and version, a component or check name)
 * @param reason in words, what is wrong
 */
record NotReady(String kind, String name, String reason) {
}
