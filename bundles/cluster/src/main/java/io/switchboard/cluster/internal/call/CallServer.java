package io.switchboard.cluster.internal.call;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallFailedException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.link.CallHandler;
import io.switchboard.cluster.internal.link.Frames;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.Mesh;

/**
 * Runs the calls other nodes send to this node's instances, through this node's mesh as a call
 * from outside restricted to the exact version asked for. A call for an instance that does not run
 * here (any more), or that arrives while this node drains, is answered "not started", so the caller
 * sends it to another instance.
 */
public final class CallServer implements CallHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CallServer.class);

    private final Mesh mesh;
    private final BiPredicate<String, String> runsHere;
    private final String self;
    /**
     * The calls running here, and whether calls are still taken (the sign bit set: no more), in one
     * value: a call is counted in the same step that checks it may start, so a drain that saw none
     * running never has one start behind it.
     */
    private final AtomicInteger running = new AtomicInteger();
    private static final int STOPPED = Integer.MIN_VALUE;

    /** @param runsHere whether an instance of (component, version) runs on this node */
    public CallServer(Mesh mesh, BiPredicate<String, String> runsHere, String self) {
        this.mesh = mesh;
        this.runsHere = runsHere;
        this.self = self;
    }

    @Override
    public void handle(String fromNode, byte[] payload, Responder responder) {
        CallRequest request;
        try {
            request = CallCodec.call(payload);
        } catch (NotSendable e) {
            LOG.warn("node {} sent {}", fromNode, e.getMessage());
            responder.answer(Frames.FAILURE, CallCodec.failure(new SwitchboardException(ClusterErrors.NOT_SENDABLE,
                    "node " + self + " could not read the call: " + e.getMessage())));
            return;
        }
        if (!started()) {
            responder.answer(Frames.NOT_STARTED, CallCodec.notStarted("node " + self + " is draining"));
            return;
        }
        if (!runsHere.test(request.component(), request.version())) {
            finished();
            responder.answer(Frames.NOT_STARTED, CallCodec.notStarted(request.component() + "@" + request.version()
                    + " does not run on node " + self + " any more"));
            return;
        }
        Promise<Object> answer;
        try {
            // the exact instance, with the caller's hop count and lenience: no second routing on this node
            answer = mesh.invoke(request.component(), request.version(), request.method(), request.args(), request.origin(),
                    request.hops(), request.lenient() ? CallOptions.defaults().lenient() : CallOptions.defaults());
        } catch (RuntimeException e) {
            finished();
            responder.answer(Frames.FAILURE, CallCodec.failure(new SwitchboardException(MeshErrors.CALLEE_FAILED,
                    request.component() + "@" + request.version() + " " + request.method() + " could not be called on node " + self)));
            return;
        }
        if (answer.isDone()) {
            respond(answer, request, responder);
        } else {
            responder.ack();
            answer.onResolve(() -> respond(answer, request, responder));
        }
    }

    private void respond(Promise<Object> answer, CallRequest request, Responder responder) {
        try {
            Throwable failure = answer.getFailure();
            if (failure == null) {
                responder.answer(Frames.RESULT, CallCodec.value(answer.getValue()));
            } else if (failure instanceof SwitchboardException coded && !(coded instanceof CallFailedException)
                    && (coded.code().equals(MeshErrors.NO_MATCHING_VERSION) || coded.code().equals(Instance.GONE))) {
                // the mesh found no instance to run it: the instance left between the check and the call
                responder.answer(Frames.NOT_STARTED, CallCodec.notStarted(coded.getMessage()));
            } else if (failure instanceof SwitchboardException coded) {
                responder.answer(Frames.FAILURE, CallCodec.failure(coded));
            } else {
                responder.answer(Frames.FAILURE, CallCodec.failure(new SwitchboardException(MeshErrors.CALLEE_FAILED,
                        request.component() + "@" + request.version() + " " + request.method() + " failed on node " + self)));
            }
        } catch (NotSendable e) {
            responder.answer(Frames.FAILURE, CallCodec.failure(new SwitchboardException(ClusterErrors.NOT_SENDABLE,
                    request.component() + "@" + request.version() + " " + request.method() + " on node " + self + ": " + e.getMessage())));
        } catch (Exception e) {
            responder.answer(Frames.FAILURE, CallCodec.failure(new SwitchboardException(MeshErrors.CALLEE_FAILED,
                    request.component() + "@" + request.version() + " " + request.method() + " failed on node " + self)));
        } finally {
            finished();
        }
    }

    /** Stops taking calls (they are answered "not started" and go elsewhere); the ones running finish. */
    public void stopAccepting() {
        running.getAndUpdate(state -> state | STOPPED);
    }

    /** Calls still running here. */
    public int running() {
        return running.get() & ~STOPPED;
    }

    /** Counts a call in, unless calls are no longer taken. */
    private boolean started() {
        int state;
        do {
            state = running.get();
            if ((state & STOPPED) != 0) {
                return false;
            }
        } while (!running.compareAndSet(state, state + 1));
        return true;
    }

    /** Waits (bounded) until no call runs here. @return whether none runs */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (running) {
            while (running() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                running.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private void finished() {
        if ((running.decrementAndGet() & ~STOPPED) == 0) {
            synchronized (running) {
                running.notifyAll();
            }
        }
    }
}
