package io.switchboard.api.mesh;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

/**
 * Calls the methods of the components this one declared as dependencies. Every call returns at
 * once; errors arrive as a failed promise holding a {@link io.switchboard.api.errors.SwitchboardException}
 * whose code is one of {@link MeshErrors}.
 */
@ProviderType
public interface Exchange {

    /**
     * A typed proxy on a dependency. {@code api} is an interface in the caller's own class space
     * whose methods have the callee's method names and parameters and return {@code Promise<R>};
     * arguments and results are converted as data when the two sides do not share their classes.
     *
     * @throws io.switchboard.api.errors.SwitchboardException {@link MeshErrors#UNDECLARED_DEPENDENCY}
     *         if {@code component} is not a declared dependency, or {@link MeshErrors#BAD_PROXY} if a
     *         method of {@code api} does not return a {@code Promise}
     */
    <T> T proxy(String component, Class<T> api);

    /** A typed proxy whose calls all use {@code options}. */
    <T> T proxy(String component, Class<T> api, CallOptions options);

    /** Calls {@code method} on one instance chosen by the default routing, with these arguments. */
    Promise<Object> call(String component, String method, List<?> args);

    /** Calls {@code method} with explicit routing, range or timeout. */
    Promise<Object> call(String component, String method, List<?> args, CallOptions options);

    /**
     * Calls {@code method} on every live instance whose version matches, and gathers each one's
     * result or failure; the promise fails only when no instance matches.
     */
    Promise<List<CallOutcome>> callAll(String component, String method, List<?> args);

    /**
     * Registers a hook run when a sticky key is moved to another instance because the one it was
     * bound to went away, so the caller can re-establish the state it kept there.
     */
    void onStickyMoved(String component, StickyMoved hook);
}
