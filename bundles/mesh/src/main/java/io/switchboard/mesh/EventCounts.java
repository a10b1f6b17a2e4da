package io.switchboard.mesh;

/**
 * What the mesh on this node counted of component events since it started, for operators (the
 * stats service's {@code switchboard_mesh_events_*}).
 *
 * @param emitted         events emitted here that had at least one subscriber to go to
 * @param delivered       deliveries a subscriber acknowledged
 * @param retried         deliveries tried again on another instance after a handler failed ({@code any})
 * @param handlerFailures deliveries whose handler threw or did not acknowledge in time
 * @param lost            events given up: no instance of a group was left, or retries ran out
 * @param hopLimitDrops   events dropped at the hop limit (an event loop)
 * @since 1.4
 */
public record EventCounts(long emitted, long delivered, long retried, long handlerFailures, long lost, long hopLimitDrops) {

    /** Nothing counted: what a mesh that does not count answers. */
    public static final EventCounts NONE = new EventCounts(0, 0, 0, 0, 0, 0);
}
