package io.switchboard.mesh.suite;

import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;

/** Passes a call on to echo, to show what travels down a chain. */
@MeshComponent(name = "relay", dependencies = "echo ^1.0.0")
public final class Relay {

    private final Happn happn;

    public Relay(Happn happn) {
        this.happn = happn;
    }

    public Promise<Object> origin() {
        return happn.exchange().call("echo", "origin", java.util.List.of());
    }

    /** Waits for echo's refusal the blocking way, as component code often does: getValue throws it wrapped. */
    public String refuseThroughGetValue() throws Exception {
        return (String) happn.exchange().call("echo", "refuse", java.util.List.of()).getValue();
    }
}
