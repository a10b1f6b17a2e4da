package io.switchboard.console.internal;

/**
 * The console pages' error codes: an action that cannot be done renders its page again with the
 * code's message (bundles/console/README.md). The directory's and the bus's own codes pass through as they are.
 */
final class ConsoleErrors {

    /** The form lacks a field the action needs. */
    static final String MISSING_FIELD = "console.missing-field";
    /** The page has no such action. */
    static final String UNKNOWN_ACTION = "console.unknown-action";
    /** No bundle here declares that component version. */
    static final String UNKNOWN_COMPONENT = "console.unknown-component";
    /** The component's bundle could not be stopped or started. */
    static final String BUNDLE_FAILED = "console.bundle-failed";
    /** No open session has that id (it may have ended meanwhile). */
    static final String UNKNOWN_SESSION = "console.unknown-session";
    /** No data subscription has that pattern now. */
    static final String UNKNOWN_SUBSCRIPTION = "console.unknown-subscription";
    /** The topic has no such dead letter (or none at all): re-driven or purged meanwhile, or never there. */
    static final String UNKNOWN_DEAD_LETTER = "console.unknown-dead-letter";
    /** Permissions or custom data that are not JSON (or not of the right shape). */
    static final String INVALID_INPUT = "console.invalid-input";
    /** The directory could not be read or written. */
    static final String FAILED = "console.failed";

    private ConsoleErrors() {
    }
}
