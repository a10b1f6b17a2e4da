package io.switchboard.mesh.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.ComponentDescription;

/** Starting when dependencies are there, refusing bad declarations, and swapping versions without a failed call. */
@org.junit.jupiter.api.Timeout(120)
public abstract class LifecycleBehaviour {

    protected MeshFixture mesh;

    protected abstract MeshFixture create(MeshConfig config);

    @AfterEach
    void shutdown() {
        if (mesh != null) {
            mesh.close();
        }
    }

    private MeshFixture mesh(MeshConfig settings) {
        mesh = create(settings);
        return mesh;
    }

    private static ComponentDescription described(MeshFixture mesh, int node, String name) {
        return mesh.node(node).describe().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aComponentWaitsForItsRequiredDependenciesAndStartsWhenTheyAppear() throws Exception {
        mesh(MeshConfig.defaults());
        mesh.start(0, Relay.class, "1.0.0");
        ComponentDescription waiting = described(mesh, 0, "relay");
        assertEquals("waiting", waiting.state());
        assertEquals(List.of("echo ^1.0.0"), waiting.waitingFor());

        mesh.start(1, Echo.class, "1.3.0");
        assertEquals("running", described(mesh, 0, "relay").state());
        assumeTrue(mesh.can(MeshFixture.Ability.CHOSEN_ORIGINS), "a client named bob");
        assertEquals("user:bob", ExchangeBehaviour.value(
                mesh.node(0).call(Origin.user("bob", null), "relay", "origin", List.of(), CallOptions.defaults())));
    }

    @Test
    void listenersHearOfEveryChangeToTheDescription() throws Exception {
        mesh(MeshConfig.defaults());
        java.util.concurrent.BlockingQueue<List<String>> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        mesh.node(0).addListener(() -> seen.add(mesh.node(0).describe().stream().map(d -> d.name() + ":" + d.state()).toList()));
        mesh.start(0, Relay.class, "1.0.0");
        assertEquals(List.of("relay:waiting"), seen.poll(10, TimeUnit.SECONDS));
        MeshFixture.Deployed echo = mesh.start(1, Echo.class, "1.0.0");
        List<String> now = seen.poll(10, TimeUnit.SECONDS);
        while (!now.contains("relay:running")) {
            now = seen.poll(10, TimeUnit.SECONDS);
        }
        assertTrue(now.containsAll(List.of("echo:running", "relay:running")), now.toString());
        mesh.stop(1, echo);
        while (now.contains("echo:running")) {
            now = seen.poll(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of("relay:running"), now, "the dependent keeps running when its dependency goes");
    }

    @Test
    void optionalDependenciesDoNotHoldAComponentBack() {
        mesh(MeshConfig.defaults());
        Happn happn = mesh.handle(0, "patient", "1.0.0", "?echo ^1.0.0");
        assertEquals("running", described(mesh, 0, "patient").state());
        assertEquals(MeshErrors.NO_MATCHING_VERSION,
                assertThrows(SwitchboardException.class, () -> {
                    throw happn.exchange().call("echo", "echo", List.of("x")).getFailure();
                }).code());
    }

    @Test
    void aSecondClaimOnTheSameNameAndVersionIsRefusedAndTheFirstKeepsRunning() throws Exception {
        mesh(MeshConfig.defaults());
        mesh.start(0, Echo.class, "1.0.0");
        assertFalse(mesh.start(0, Echo.class, "1.0.0").accepted(), "a second bundle claims echo 1.0.0");
        assertEquals(1, mesh.node(0).describe().stream().filter(d -> d.name().equals("echo")).count());
        assertEquals(3, ExchangeBehaviour.value(mesh.node(0).call(Origin.system(), "echo", "add", List.of(1, 2), CallOptions.defaults())));
    }

    @Test
    void aDependencyCycleLeavesBothWaitingAndTheRestWorking() throws Exception {
        mesh(MeshConfig.defaults());
        mesh.start(0, Cycles.Chicken.class, "1.0.0");
        mesh.start(0, Cycles.Egg.class, "1.0.0");
        mesh.start(0, Echo.class, "1.0.0");
        assertEquals("waiting", described(mesh, 0, "chicken").state());
        assertEquals("waiting", described(mesh, 0, "egg").state());
        assertEquals(3, ExchangeBehaviour.value(mesh.node(0).call(Origin.system(), "echo", "add", List.of(1, 2), CallOptions.defaults())));
    }

    @Test
    void badDeclarationsAreRefusedNamingTheComponent() {
        mesh(MeshConfig.defaults());
        assumeTrue(mesh.can(MeshFixture.Ability.DECLARATION_ERRORS_THROWN), "a deployed bundle's bad declaration is a failed component");
        SwitchboardException range = assertThrows(SwitchboardException.class, () -> mesh.start(0, Cycles.BadRange.class, "1.0.0"));
        assertEquals("mesh.invalid-component", range.code());
        assertTrue(range.getMessage().contains("vague@1.0.0") && range.getMessage().contains("about-one"), range.getMessage());
        SwitchboardException overloads = assertThrows(SwitchboardException.class, () -> mesh.start(0, Cycles.Overloaded.class, "1.0.0"));
        assertTrue(overloads.getMessage().contains("overloaded@1.0.0") && overloads.getMessage().contains("get"), overloads.getMessage());
        SwitchboardException version = assertThrows(SwitchboardException.class, () -> mesh.start(0, Echo.class, "one"));
        assertTrue(version.getMessage().contains("not a semantic version"), version.getMessage());
    }

    @Test
    void aComponentWhoseConstructorThrowsIsDescribedAsFailedWithTheReasonAndDisturbsNothing() throws Exception {
        mesh(MeshConfig.defaults());
        mesh.start(0, Echo.class, "1.0.0");
        MeshFixture.Deployed grumpy = mesh.start(0, Cycles.Grumpy.class, "1.0.0");
        ComponentDescription failed = described(mesh, 0, "grumpy");
        assertEquals("failed", failed.state());
        assertTrue(failed.failure().startsWith("failed to start: its constructor threw; the server's log has the details under error id e-"),
                failed.failure());
        assertFalse(failed.failure().contains("not today"), "the component's own text stays in the log: " + failed.failure());
        assertTrue(mesh.node(0).snapshot().components().stream().anyMatch(c -> c.description().name().equals("grumpy")
                && c.failureDetail().contains("not today")), "administrators see what failed");
        assertEquals(3, ExchangeBehaviour.value(mesh.node(0).call(Origin.system(), "echo", "add", List.of(1, 2), CallOptions.defaults())));

        SwitchboardException call = ExchangeBehaviour.failure(
                mesh.node(0).call(Origin.system(), "grumpy", "anything", List.of(), CallOptions.defaults()));
        assertEquals(MeshErrors.NO_MATCHING_VERSION, call.code());
        assertTrue(call.getMessage().contains("grumpy@1.0.0 failed: failed to start: its constructor threw"), call.getMessage());

        mesh.stop(0, grumpy);
        assertTrue(mesh.node(0).describe().stream().noneMatch(d -> d.name().equals("grumpy")), "its bundle stopped: it is forgotten");
    }

    @Test
    void aComponentWhoseClassCannotBeInitialisedIsFailedAndHoldsNoOtherBack() throws Exception {
        mesh(MeshConfig.defaults());
        mesh.start(0, Cycles.Brittle.class, "1.0.0");
        mesh.start(0, Cycles.Patient.class, "1.0.0");
        mesh.start(0, Echo.class, "1.0.0"); // both were waiting for it
        ComponentDescription brittle = described(mesh, 0, "brittle");
        assertEquals("failed", brittle.state());
        assertTrue(brittle.failure().startsWith("failed to start: its class cannot be initialised"), brittle.failure());
        assertTrue(mesh.node(0).describe().stream().anyMatch(d -> d.name().equals("patient") && d.state().equals("running")),
                mesh.node(0).describe().toString());
    }

    @Test
    void aCallToAComponentWaitingForADependencySaysWhatItWaitsFor() throws Exception {
        mesh(MeshConfig.defaults());
        mesh.start(0, Relay.class, "1.0.0");
        SwitchboardException call = ExchangeBehaviour.failure(
                mesh.node(0).call(Origin.system(), "relay", "origin", List.of(), CallOptions.defaults()));
        assertEquals(MeshErrors.NO_MATCHING_VERSION, call.code());
        assertTrue(call.getMessage().contains("relay@1.0.0 is waiting for echo ^1.0.0"), call.getMessage());
    }

    @Test
    void theSnapshotCountsCallsAndFailuresPerMethodAndResolvesDependencies() throws Exception {
        mesh(MeshConfig.defaults());
        mesh.start(0, Echo.class, "1.2.0");
        mesh.start(0, Relay.class, "1.0.0");
        ExchangeBehaviour.value(mesh.node(0).call(Origin.system(), "echo", "add", List.of(1, 2), CallOptions.defaults()));
        ExchangeBehaviour.value(mesh.node(0).call(Origin.system(), "echo", "add", List.of(3, 4), CallOptions.defaults()));
        ExchangeBehaviour.failure(mesh.node(0).call(Origin.system(), "echo", "fail", List.of("no"), CallOptions.defaults()));
        ExchangeBehaviour.failure(mesh.node(0).call(Origin.system(), "echo", "nothing", List.of(), CallOptions.defaults()));
        io.switchboard.mesh.MeshSnapshot snapshot = mesh.node(0).snapshot();
        io.switchboard.mesh.MeshSnapshot.Component echo = snapshot.components().stream()
                .filter(c -> c.description().name().equals("echo")).findFirst().orElseThrow();
        assertEquals(List.of("add(2) 2 0", "fail(1) 1 1"),
                echo.methods().stream().map(m -> m.method() + " " + m.calls() + " " + m.failures()).toList(), "a method it lacks is not counted");
        assertTrue(echo.methods().stream().allMatch(m -> m.nanos() > 0), "the time spent: " + echo.methods());
        assertEquals(0, echo.inFlight());
        io.switchboard.mesh.MeshSnapshot.Component relay = snapshot.components().stream()
                .filter(c -> c.description().name().equals("relay")).findFirst().orElseThrow();
        assertEquals(java.util.Map.of("echo", List.of("1.2.0")), relay.resolved());
    }

    @Test
    void stoppingAVersionLetsItsInFlightCallFinishWhileNewCallsGoToTheOther() throws Exception {
        mesh(MeshConfig.defaults());
        assumeTrue(mesh.can(MeshFixture.Ability.COMPONENT_STATE), "the test holds echo's call with its latches");
        Echo.blocking = new CountDownLatch(1);
        Echo.release = new CountDownLatch(1);
        MeshFixture.Deployed old = mesh.start(0, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        CompletableFuture<Object> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return ExchangeBehaviour.value(caller.exchange().call("echo", "block", List.of("finished")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(Echo.blocking.await(10, TimeUnit.SECONDS));
        mesh.start(0, Echo.class, "1.1.0");
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> mesh.stop(0, old));

        // 1.0.0 is out of routing at once; while it drains, calls go to 1.1.0 without failing.
        awaitOutOfRouting(caller);
        assertFalse(stopping.isDone(), "the stop waits for the call in flight");
        Echo.release.countDown();
        assertEquals("finished", inFlight.get(10, TimeUnit.SECONDS));
        stopping.get(10, TimeUnit.SECONDS);
    }

    private static void awaitOutOfRouting(Happn caller) throws Exception {
        // Routing follows the registry synchronously; the stop runs on another thread, so wait for its first step.
        for (int i = 0; i < 10_000; i++) {
            if ("1.1.0:x".equals(ExchangeBehaviour.value(caller.exchange().call("echo", "echo", List.of("x"),
                    CallOptions.defaults().range("1.0.0 || 1.1.0").roundRobin())))
                    && "1.1.0:x".equals(ExchangeBehaviour.value(caller.exchange().call("echo", "echo", List.of("x"),
                            CallOptions.defaults().range("1.0.0 || 1.1.0").roundRobin())))) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("1.0.0 was never taken out of routing");
    }

    @Test
    void anAnswerStillPendingWhenTheDrainTimesOutFailsWithItsOwnCode() throws Exception {
        mesh(MeshConfig.defaults().with("drainTimeoutMillis", 100));
        MeshFixture.Deployed echo = mesh.start(0, Echo.class, "1.0.0");
        Happn caller = mesh.handle(1, "caller", "1.0.0", "echo ^1.0.0");
        Promise<Object> pending = caller.exchange().call("echo", "later", List.of("forever"));
        mesh.stop(0, echo);
        SwitchboardException e = (SwitchboardException) pending.getFailure();
        assertEquals(MeshErrors.DRAIN_TIMEOUT, e.code());
        assertTrue(e.getMessage().contains("echo@1.0.0"), e.getMessage());
        Echo.HELD.remove("forever");
    }

    @Test
    void aCallThatAlreadyTimedOutDoesNotHoldTheStopBack() throws Exception {
        mesh(MeshConfig.defaults().with("drainTimeoutMillis", 10_000));
        MeshFixture.Deployed echo = mesh.start(0, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        Promise<Object> abandoned = caller.exchange().call("echo", "later", List.of("nobody-waits"),
                CallOptions.defaults().timeout(java.time.Duration.ofMillis(50)));
        assertEquals(MeshErrors.TIMEOUT, ((SwitchboardException) abandoned.getFailure()).code());
        long started = System.nanoTime();
        mesh.stop(0, echo);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMillis < 5_000, "the stop waited " + tookMillis + " ms for an answer nobody waits for any more");
        Echo.HELD.remove("nobody-waits");
    }

    @Test
    void aSynchronousMethodStillRunningPastTheDrainGivesItsCallerTheDrainTimeoutNotALateSuccess() throws Exception {
        mesh(MeshConfig.defaults().with("drainTimeoutMillis", 100));
        assumeTrue(mesh.can(MeshFixture.Ability.COMPONENT_STATE), "the test holds echo's call with its latches");
        Echo.blocking = new CountDownLatch(1);
        Echo.release = new CountDownLatch(1);
        MeshFixture.Deployed echo = mesh.start(0, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        CompletableFuture<Promise<Object>> call = CompletableFuture.supplyAsync(() -> caller.exchange().call("echo", "block", List.of("late")));
        assertTrue(Echo.blocking.await(10, TimeUnit.SECONDS), "the method runs");
        mesh.stop(0, echo); // logged stopped after the drain timeout, while block still runs
        Echo.release.countDown();
        SwitchboardException e = (SwitchboardException) call.get(10, TimeUnit.SECONDS).getFailure();
        assertEquals(MeshErrors.DRAIN_TIMEOUT, e == null ? "a success after the stop" : e.code());
    }

    @Test
    void callsUnderLoadNeverFailWhileVersionsAreSwappedTwentyTimes() throws Exception {
        mesh(MeshConfig.defaults());
        MeshFixture.Deployed current = mesh.start(1, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        EchoClient echo = caller.exchange().proxy("echo", EchoClient.class);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread thread = new Thread(() -> {
                while (running.get() && failed.get() == null) {
                    try {
                        Throwable failure = echo.echo("x").getFailure();
                        if (failure != null) {
                            failed.compareAndSet(null, failure);
                        }
                        calls.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        failed.compareAndSet(null, e);
                    }
                }
            });
            thread.start();
            callers.add(thread);
        }
        for (int swap = 1; swap <= 20; swap++) {
            int before = calls.get();
            MeshFixture.Deployed next = mesh.start(1 + swap % 2, Echo.class, "1." + swap + ".0");
            mesh.stop(1 + (swap - 1) % 2, current);
            current = next;
            awaitProgress(() -> calls.get() >= before + 100 || failed.get() != null, "calls continue after swap " + swap);
        }
        running.set(false);
        for (Thread thread : callers) {
            thread.join();
        }
        assertEquals(null, failed.get(), "no call failed during 20 swaps (" + calls.get() + " calls)");
    }

    @Test
    void anyEventsAreNeitherLostNorDuplicatedWhileTheGroupIsSwapped() throws Exception {
        mesh(MeshConfig.defaults());
        assumeTrue(mesh.can(MeshFixture.Ability.COMPONENT_STATE), "the test reads what customer handled");
        Customer.HANDLED.clear();
        Customer.COUNT.set(0);
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        MeshFixture.Deployed current = mesh.start(1, Customer.class, "1.0.0");
        AtomicBoolean running = new AtomicBoolean(true);
        List<Promise<Integer>> emitted = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        Thread emitter = new Thread(() -> {
            while (running.get()) {
                Promise<Integer> last = sensor.emit("alert", sent.getAndIncrement());
                emitted.add(last);
                if (sent.get() % 64 == 0) {
                    try {
                        last.getValue(); // keep a bounded number of events in flight
                    } catch (Exception e) {
                        return;
                    }
                }
            }
        });
        emitter.start();
        for (int swap = 1; swap <= 20; swap++) {
            int before = Customer.COUNT.get();
            MeshFixture.Deployed next = mesh.start(1 + swap % 2, Customer.class, "1." + swap + ".0");
            mesh.stop(1 + (swap - 1) % 2, current);
            current = next;
            awaitProgress(() -> Customer.COUNT.get() >= before + 50, "events are handled after swap " + swap);
        }
        running.set(false);
        emitter.join();
        int acknowledged = 0;
        for (Promise<Integer> each : List.copyOf(emitted)) {
            acknowledged += (Integer) ExchangeBehaviour.value(each);
        }
        assertEquals(sent.get(), acknowledged, "every event was acknowledged by one customer instance");
        assertEquals(sent.get(), Customer.HANDLED.size(), "none lost, none handled twice");
        assertEquals(sent.get(), new HashSet<>(Customer.HANDLED).size());
    }

    @Test
    void aCallMadeWhileAComponentIsUpdatedInPlaceWaitsForTheNewRevisionInsteadOfFailing() throws Exception {
        mesh(MeshConfig.defaults());
        MeshFixture.Deployed old = mesh.start(1, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        Happn neighbour = mesh.handle(1, "neighbour", "1.0.0", "echo ^1.0.0");

        mesh.stopForUpdate(1, old, "bundle 7");
        Promise<Object> fromAnotherNode = caller.exchange().call("echo", "echo", List.of("x"));
        Promise<Object> fromTheSameNode = neighbour.exchange().call("echo", "echo", List.of("y"));
        Promise<Object> fromAClient = mesh.node(1).call(Origin.system(), "echo", "echo", List.of("z"), CallOptions.defaults());
        assertFalse(fromAnotherNode.isDone() || fromTheSameNode.isDone() || fromAClient.isDone(),
                "no instance, but one is expected back: the calls wait");
        Promise<Object> outOfRange = caller.exchange().call("echo", "echo", List.of("x"), CallOptions.defaults().range("^2.0.0"));
        assertEquals(MeshErrors.NO_MATCHING_VERSION, ((SwitchboardException) outOfRange.getFailure()).code(),
                "a range the leaving version is not in has nothing to wait for");

        mesh.start(1, Echo.class, "1.0.1");
        mesh.returned(1, "bundle 7");
        assertEquals("1.0.1:x", ExchangeBehaviour.value(fromAnotherNode));
        assertEquals("1.0.1:y", ExchangeBehaviour.value(fromTheSameNode));
        assertEquals("1.0.1:z", ExchangeBehaviour.value(fromAClient));
    }

    @Test
    void callersWaitingForAComponentThatDoesNotComeBackFailWhenTheGapCloses() throws Exception {
        mesh(MeshConfig.defaults().with("rebindMillis", 200));
        assumeTrue(mesh.can(MeshFixture.Ability.FAST_STEPS), "the test's steps fit well within a 200 ms gap");
        MeshFixture.Deployed first = mesh.start(0, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");

        mesh.stopForUpdate(0, first, "bundle 7");
        Promise<Object> uninstalled = caller.exchange().call("echo", "echo", List.of("x"));
        assertFalse(uninstalled.isDone());
        mesh.returned(0, "bundle 7"); // uninstalled: nothing came back
        assertEquals(MeshErrors.NO_MATCHING_VERSION, ((SwitchboardException) uninstalled.getFailure()).code());

        MeshFixture.Deployed second = mesh.start(0, Echo.class, "1.0.0");
        mesh.stopForUpdate(0, second, "bundle 8");
        Promise<Object> stoppedForGood = caller.exchange().call("echo", "echo", List.of("x"));
        assertEquals(MeshErrors.NO_MATCHING_VERSION, ((SwitchboardException) stoppedForGood.getFailure()).code(),
                "after the rebind time (200 ms) the call fails as if nothing was expected");

        MeshFixture.Deployed third = mesh.start(0, Echo.class, "1.0.0");
        mesh.stop(0, third);
        Promise<Object> removed = caller.exchange().call("echo", "echo", List.of("x"));
        assertTrue(removed.isDone(), "a component removed for good has no gap: the call fails at once");
        assertEquals(MeshErrors.NO_MATCHING_VERSION, ((SwitchboardException) removed.getFailure()).code());
    }

    @Test
    void anyEventsEmittedOnAnotherNodeWhileTheirGroupIsUpdatedInPlaceAreHeldThenAcknowledgedOnce() throws Exception {
        mesh(MeshConfig.defaults());
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        MeshFixture.Deployed old = mesh.start(1, Customer.class, "1.0.0");
        assertEquals(1, ExchangeBehaviour.value(sensor.emit("alert", 1)), "the group's one instance, on the other node, has it");

        mesh.stopForUpdate(1, old, "bundle 9");
        Promise<Integer> during = sensor.emit("alert", 2);
        assertFalse(during.isDone(), "held on the group's node until the group has a member again");
        mesh.start(1, Customer.class, "1.0.1");
        mesh.returned(1, "bundle 9");
        assertEquals(1, ExchangeBehaviour.value(during), "acknowledged once, by the new revision");
        assertEquals(1, ExchangeBehaviour.value(sensor.emit("alert", 3)));
    }

    @Test
    void anyEventsEmittedWhileTheirGroupIsUpdatedInPlaceAreHeldThenHandledOnce() throws Exception {
        mesh(MeshConfig.defaults());
        assumeTrue(mesh.can(MeshFixture.Ability.COMPONENT_STATE), "the test reads what customer handled");
        Customer.HANDLED.clear();
        Happn sensor = mesh.handle(0, "sensor", "1.0.0");
        MeshFixture.Deployed old = mesh.start(0, Customer.class, "1.0.0");
        assertEquals(1, ExchangeBehaviour.value(sensor.emit("alert", 1)));

        mesh.stopForUpdate(0, old, "bundle 9");
        Promise<Integer> during = sensor.emit("alert", 2);
        assertFalse(during.isDone(), "held until the group has a member again");
        mesh.start(0, Customer.class, "1.0.1");
        mesh.returned(0, "bundle 9");
        assertEquals(1, ExchangeBehaviour.value(during));
        assertEquals(1, ExchangeBehaviour.value(sensor.emit("alert", 3)));
        assertEquals(List.of(1, 2, 3), List.copyOf(Customer.HANDLED));
    }

    @Test
    void underLoadTwentyUpdatesInPlaceFailNoCallAndLoseOrRepeatNoAnyEvent() throws Exception {
        mesh(MeshConfig.defaults());
        assumeTrue(mesh.can(MeshFixture.Ability.COMPONENT_STATE), "the test reads what customer handled");
        Customer.HANDLED.clear();
        Customer.COUNT.set(0);
        MeshFixture.Deployed echo = mesh.start(0, Echo.class, "1.0.0");
        MeshFixture.Deployed customer = mesh.start(0, Customer.class, "1.0.0");
        Happn sensor = mesh.handle(0, "sensor", "1.0.0", "echo ^1.0.0");
        EchoClient client = sensor.exchange().proxy("echo", EchoClient.class);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Promise<Integer>> emitted = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread load = new Thread(() -> {
            while (running.get() && failed.get() == null) {
                try {
                    Throwable failure = client.echo("x").getFailure();
                    if (failure != null) {
                        failed.compareAndSet(null, failure);
                    }
                    calls.incrementAndGet();
                    Promise<Integer> event = sensor.emit("alert", sent.getAndIncrement());
                    emitted.add(event);
                    if (sent.get() % 64 == 0) {
                        event.getValue(); // a bounded number of events in flight
                    }
                } catch (Exception e) {
                    failed.compareAndSet(null, e);
                }
            }
        });
        load.start();
        for (int update = 1; update <= 20; update++) {
            int callsBefore = calls.get();
            int handledBefore = Customer.COUNT.get();
            String owner = "bundle " + update;
            mesh.stopForUpdate(0, echo, owner);
            mesh.stopForUpdate(0, customer, owner);
            echo = mesh.start(0, Echo.class, "1.0." + update);
            customer = mesh.start(0, Customer.class, "1.0." + update);
            mesh.returned(0, owner);
            awaitProgress(() -> (calls.get() >= callsBefore + 50 && Customer.COUNT.get() >= handledBefore + 50) || failed.get() != null,
                    "calls and events continue after update " + update);
        }
        running.set(false);
        load.join();
        assertEquals(null, failed.get(), "no call failed during 20 updates in place (" + calls.get() + " calls)");
        int acknowledged = 0;
        for (Promise<Integer> each : List.copyOf(emitted)) {
            acknowledged += (Integer) ExchangeBehaviour.value(each);
        }
        assertEquals(sent.get(), acknowledged, "every event was acknowledged by one customer instance");
        assertEquals(sent.get(), Customer.HANDLED.size(), "none lost, none handled twice");
        assertEquals(sent.get(), new HashSet<>(Customer.HANDLED).size());
    }

    /** Waits (yielding, bounded) for other threads to make progress. */
    private static void awaitProgress(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no progress: " + what);
            }
            Thread.yield();
        }
    }
}
