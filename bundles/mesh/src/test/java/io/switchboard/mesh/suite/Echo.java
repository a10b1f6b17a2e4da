package io.switchboard.mesh.suite;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;

/** A component for the suite: answers with who it is, fails on request, answers later on request. */
@MeshComponent(name = "echo", events = "said")
public final class Echo {

    /** Answers held back by {@link #later(String)}, by key, so a test decides when they come. */
    static final Map<String, Deferred<String>> HELD = new ConcurrentHashMap<>();
    /** Counted down when a call to {@link #block(String)} is running. */
    static volatile CountDownLatch blocking = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    private final Happn happn;
    private final String token;

    public Echo(Happn happn) {
        this.happn = happn;
        // random, not a counter: on a cluster each node (each bundle) has a class of its own, and so its own counter
        this.token = happn.version() + "#" + java.util.UUID.randomUUID();
    }

    /** {@code version:text}. */
    public String echo(String text) {
        return happn.version() + ":" + text;
    }

    /** Whether the chain's origin may do the action on the path ({@code Happn.allowed}). */
    public boolean may(String action, String path) {
        return happn.allowed(action, path);
    }

    /** Which instance answered: its version and a token unique to the instance. */
    public String whoAmI() {
        return token;
    }

    /** Returns its argument: with shared classes, the very same object comes back. */
    public Reading identity(Reading reading) {
        return reading;
    }

    public int add(int a, int b) {
        return a + b;
    }

    public Reading twice(Reading reading) {
        return new Reading(reading.deviceId(), reading.value() * 2);
    }

    public List<Reading> many(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> new Reading("d" + i, i)).toList();
    }

    public String fail(String why) {
        throw new IllegalStateException(why);
    }

    public String refuse() {
        throw new SwitchboardException("echo.refused", "echo refuses politely");
    }

    public Promise<String> later(String key) {
        Deferred<String> deferred = new Deferred<>();
        HELD.put(key, deferred);
        return deferred.getPromise();
    }

    /** Resolves an answer {@link #later(String)} held back; false if none is held under the key. */
    public boolean settle(String key, String value) {
        Deferred<String> held = HELD.remove(key);
        if (held != null) {
            held.resolve(value);
        }
        return held != null;
    }

    public String block(String text) throws InterruptedException {
        blocking.countDown();
        release.await();
        return text;
    }

    /** Who started the chain this call belongs to. */
    public String origin() {
        return happn.origin().toString();
    }

    public Promise<Integer> say(String text) {
        return happn.emit("said", text);
    }

    public Promise<String> resolved(String text) {
        return Promises.resolved(text);
    }

    /** The instance's version, for tests that count where calls went. */
    public String version() {
        return happn.version();
    }

    /** A value type the callee owns; callers have their own copy. */
    public record Reading(String deviceId, double value) {
    }
}
