package io.switchboard.cluster.internal.link;

/**
 * One frame on a node link: a type, the id of the call it belongs to (0 in the handshake), and the
 * payload (JSON, or nothing).
 */
public record Frame(byte type, long id, byte[] payload) {
}
