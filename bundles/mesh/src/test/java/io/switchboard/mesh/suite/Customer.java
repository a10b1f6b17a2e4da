package io.switchboard.mesh.suite;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;
import io.switchboard.api.mesh.SubscribeOptions;

/** Handles each sensor alert once per group ({@code any}) and records it. */
@MeshComponent(name = "customer", dependencies = "sensor ^1.0.0")
public final class Customer {

    static final Queue<Object> HANDLED = new ConcurrentLinkedQueue<>();
    static final java.util.concurrent.atomic.AtomicInteger COUNT = new java.util.concurrent.atomic.AtomicInteger();

    public Customer(Happn happn) {
        happn.event().on("sensor", "alert", SubscribeOptions.any(), event -> {
            HANDLED.add(event.payload());
            COUNT.incrementAndGet();
        });
    }
}
