package io.switchboard.mesh;

/**
 * A client's call's answer, with the node whose instance gave it (for the edge to tell the client:
 * the {@code Switchboard-Node} header of {@code POST /api/exchange}).
 *
 * @param result the method's result, plain data
 * @param node   the name of the node whose instance answered ({@link Mesh#node()} when it ran here)
 * @since 1.5
 */
public record CallAnswer(Object result, String node) {
}
