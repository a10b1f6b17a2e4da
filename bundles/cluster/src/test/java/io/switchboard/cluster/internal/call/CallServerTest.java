package io.switchboard.cluster.internal.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallFailedException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.link.CallHandler;
import io.switchboard.cluster.internal.link.Frames;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.Mesh;

/** Node b serves calls from other nodes through its mesh; each answer is what the caller's node needs to route on. */
class CallServerTest {

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());

    /** What the mesh was asked, and what it answers. */
    private final List<String> asked = new ArrayList<>();
    private Promise<Object> answer = PROMISES.resolved(Map.of("ok", true));

    private final Mesh mesh = new Mesh() {
        @Override
        public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
            asked.add(origin + " " + component + "@" + options.range() + " " + method + args);
            return answer;
        }

        @Override
        public Promise<Object> invoke(String component, String version, String method, List<?> args, Origin origin, int hops,
                CallOptions options) {
            asked.add(origin + " " + component + "@" + version + " " + method + args + " hops " + hops
                    + (options.isLenient() ? " lenient" : ""));
            return answer;
        }

        @Override
        public List<ComponentDescription> describe() {
            return List.of();
        }

        @Override
        public Subscription subscribe(Origin origin, String component, String eventPattern, String range, Consumer<EventEnvelope> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(Instance instance) {
        }

        @Override
        public void remove(Instance instance) {
        }
    };

    private final CallServer server = new CallServer(mesh, (component, version) -> version.equals("1.0.0"), "b");

    /** The frames one call is answered with: type, then the payload as text. */
    private List<String> serve(String version) throws NotSendable {
        return serve(new CallRequest("deviceManager", version, "update", List.of(Map.of("v", 1)), Origin.user("ann", "s1"), 2));
    }

    private List<String> serve(CallRequest request) throws NotSendable {
        List<String> frames = new ArrayList<>();
        byte[] call = CallCodec.call(request);
        server.handle("a", call, new CallHandler.Responder() {
            @Override
            public void ack() {
                frames.add("ack");
            }

            @Override
            public void answer(byte type, byte[] payload) {
                frames.add(type + " " + (payload == null ? "" : new String(payload, StandardCharsets.UTF_8)));
            }
        });
        return frames;
    }

    @Test
    void aCallRunsOnTheExactVersionAskedForAsTheOriginalCaller() throws NotSendable {
        assertEquals(List.of(Frames.RESULT + " {\"ok\":true}"), serve("1.0.0"));
        assertEquals(List.of("user:ann (session s1) deviceManager@1.0.0 update[{v=1}] hops 2"), asked,
                "the exact instance, with the caller's hop count");
    }

    @Test
    void aLenientCallerStaysLenientOnTheCalleesNode() throws NotSendable {
        serve(new CallRequest("deviceManager", "1.0.0", "update", List.of(Map.of("v", 1)), Origin.system(), 0, true));
        assertEquals(List.of("system:system deviceManager@1.0.0 update[{v=1}] hops 0 lenient"), asked);
    }

    @Test
    void anInstanceLeavingAsTheCallArrivesDidNotStartIt() throws NotSendable {
        answer = PROMISES.failed(new SwitchboardException(Instance.GONE, "deviceManager@1.0.0 does not run on node b any more"));
        assertTrue(serve("1.0.0").get(0).startsWith(Frames.NOT_STARTED + " "), "the caller's node sends it elsewhere");
    }

    @Test
    void aCallForAnInstanceThatDoesNotRunHereDidNotStart() throws NotSendable {
        List<String> frames = serve("2.0.0");
        assertTrue(frames.get(0).startsWith(Frames.NOT_STARTED + " "), frames.toString());
        assertTrue(asked.isEmpty(), "the mesh is not asked");
        answer = PROMISES.failed(new SwitchboardException(MeshErrors.NO_MATCHING_VERSION, "no instance of deviceManager matches 1.0.0"));
        assertTrue(serve("1.0.0").get(0).startsWith(Frames.NOT_STARTED + " "), "the instance left between the check and the call");
        server.stopAccepting();
        answer = PROMISES.resolved("late");
        assertTrue(serve("1.0.0").get(0).contains("is draining"));
    }

    @Test
    void aCallThatStartsAsTheDrainBeginsIsCountedByIt() throws Exception {
        List<String> drainSaw = new ArrayList<>();
        CallServer[] draining = new CallServer[1];
        // the drain begins right after the call was let in: between the node's check and the call
        draining[0] = new CallServer(mesh, (component, version) -> {
            draining[0].stopAccepting();
            try {
                drainSaw.add(draining[0].awaitIdle(0) ? "idle" : draining[0].running() + " running");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return true;
        }, "b");
        Deferred<Object> slow = PROMISES.deferred();
        answer = slow.getPromise();
        List<String> frames = new ArrayList<>();
        draining[0].handle("a", CallCodec.call(new CallRequest("deviceManager", "1.0.0", "update", List.of(), Origin.system(), 0)),
                new CallHandler.Responder() {
                    @Override
                    public void ack() {
                        frames.add("ack");
                    }

                    @Override
                    public void answer(byte type, byte[] payload) {
                        frames.add(Byte.toString(type));
                    }
                });
        assertEquals(List.of("ack"), frames, "the call runs");
        assertEquals(List.of("1 running"), drainSaw, "and the drain waits for it: it never reports idle with a call starting behind it");
        slow.resolve("done");
        assertEquals(0, draining[0].running());
        assertTrue(draining[0].awaitIdle(0));
    }

    @Test
    void aCalleesFailureKeepsItsCodeEvenWhenItIsNoMatchingVersionFromFurtherDown() throws NotSendable {
        answer = PROMISES.failed(new CallFailedException(MeshErrors.NO_MATCHING_VERSION, "deviceManager@1.0.0 update threw it",
                "deviceManager", "1.0.0", "update", "io.switchboard.api.errors.SwitchboardException"));
        String frame = serve("1.0.0").get(0);
        assertTrue(frame.startsWith(Frames.FAILURE + " "), "it ran: the caller must not send it elsewhere");
        SwitchboardException failure = CallCodec.failure(frame.substring(3).getBytes(StandardCharsets.UTF_8), "b");
        assertEquals(MeshErrors.NO_MATCHING_VERSION, failure.code());
        assertTrue(failure instanceof CallFailedException callee && callee.method().equals("update"));
        assertEquals("deviceManager@1.0.0 update threw it (on node b)", failure.getMessage());
    }

    @Test
    void anAnswerThatComesLaterIsAcknowledgedFirst() throws NotSendable, InterruptedException {
        Deferred<Object> later = PROMISES.deferred();
        answer = later.getPromise();
        List<String> frames = serve("1.0.0");
        assertEquals(List.of("ack"), frames);
        assertEquals(1, server.running());
        later.resolve(List.of(1, 2));
        assertEquals(List.of("ack", Frames.RESULT + " [1,2]"), frames);
        assertTrue(server.awaitIdle(1_000));
    }

    @Test
    void anAnswerThatIsNotDataFailsWithNotSendable() throws NotSendable {
        answer = PROMISES.resolved(new Object());
        String frame = serve("1.0.0").get(0);
        assertTrue(frame.startsWith(Frames.FAILURE + " ") && frame.contains(ClusterErrors.NOT_SENDABLE), frame);
        assertTrue(!frame.contains("java.lang"), "no Java class name in what the caller reads: " + frame);
    }
}
