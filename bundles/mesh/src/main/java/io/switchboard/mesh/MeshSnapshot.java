package io.switchboard.mesh;

import java.util.List;
import java.util.Map;

/**
 * What the mesh on this node is doing now, for operators (the web console's Mesh and Subscriptions
 * views): more than {@link Mesh#describe()}, and meant for administrators only, since a failure's
 * detail is the component's own text.
 *
 * @param components    every component this node knows of, as {@link Mesh#describe()} orders them,
 *                      and instances still draining after they left routing
 * @param subscriptions every event subscription on this node: components' and clients'
 * @since 1.3
 */
public record MeshSnapshot(List<Component> components, List<EventSubscription> subscriptions) {

    public MeshSnapshot {
        components = List.copyOf(components);
        subscriptions = List.copyOf(subscriptions);
    }

    /**
     * One component version.
     *
     * @param description   as {@link Mesh#describe()} has it; its state is {@code draining} for an
     *                      instance that left routing and still finishes its work
     * @param failureDetail for a failed component, what failed as the log has it (the exception); null otherwise
     * @param resolved      each dependency (required and optional) with the versions it reaches now,
     *                      highest first; empty when none is in range
     * @param methods       calls and failures per method of the instance on this node, since it started
     * @param inFlight      calls and event deliveries the instance on this node is working on now
     */
    public record Component(ComponentDescription description, String failureDetail, Map<String, List<String>> resolved,
            List<MethodCalls> methods, int inFlight) {

        public Component {
            resolved = Map.copyOf(resolved);
            methods = List.copyOf(methods);
        }

        /** The state of an instance that left routing and is finishing its work before it stops. */
        public static final String DRAINING = "draining";
    }

    /**
     * @param method   {@code name(arity)}
     * @param calls    calls that reached the method
     * @param failures those that failed (the method threw, or its arguments did not fit)
     * @param nanos    time spent in those calls, in nanoseconds: from the call reaching the method to its
     *                 answer being settled (returned, thrown, or for an asynchronous answer resolved or
     *                 failed); a call still running is not in it. Average latency = nanos / calls.
     * @since 1.6
     */
    public record MethodCalls(String method, long calls, long failures, long nanos) {

        /** Counts without the time spent (0 nanoseconds), as before 1.6. */
        public MethodCalls(String method, long calls, long failures) {
            this(method, calls, failures, 0);
        }
    }

    /**
     * One event subscription.
     *
     * @param subscriber who hears the events: {@code component@version}, or a client's origin
     *                   ({@code user:ann (session …)}) for a subscription made at the network edge
     * @param session    the client's session, for a client's subscription made after a login; null otherwise
     * @param component  the emitting component
     * @param event      the event name or pattern
     * @param range      the emitter versions accepted
     * @param delivery   {@code any} or {@code all}
     */
    public record EventSubscription(String subscriber, String session, String component, String event, String range,
            String delivery) {
    }
}
