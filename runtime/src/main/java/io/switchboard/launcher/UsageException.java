package io.switchboard.launcher;

/** The command line or the environment asks for something the launcher does not understand. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
