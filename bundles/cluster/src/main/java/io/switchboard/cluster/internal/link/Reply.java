package io.switchboard.cluster.internal.link;

/** The answer to one call frame: {@link Frames#RESULT}, {@link Frames#FAILURE} or {@link Frames#NOT_STARTED}, with its payload. */
public record Reply(byte type, byte[] payload) {
}
