package io.switchboard.api.mesh;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says that an exchange method returns without waiting: no I/O, no sleep, no lock another thread
 * holds for long, no blocking wait for another call's answer (returning a {@code Promise} that
 * completes later is not waiting). On a type (the component's class or its {@link MeshComponent#api()}
 * interface) it says so of every exchange method that type declares.
 *
 * <p>Why say it: a call from a client connected over the network is read by a thread that reads
 * many connections. A method that may block is moved to another thread first, so that it holds
 * only its own caller; a method marked {@code NonBlocking} runs on the thread that read the call,
 * which saves that hand-off (about a fifth of a call's server CPU; bench/README-edge.md). A method
 * marked so that does block holds every connection that thread reads while it runs: mark only what
 * answers from memory.
 *
 * <p>Calls between components are unaffected: they always run on their caller's thread.
 *
 * @since 1.3
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface NonBlocking {
}
