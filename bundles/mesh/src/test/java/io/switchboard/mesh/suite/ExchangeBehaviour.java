package io.switchboard.mesh.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallFailedException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.CallOutcome;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;

/**
 * How calls are routed and how they fail, written against the fixture so the same suite runs on
 * in-JVM nodes now and on a real cluster later.
 */
public abstract class ExchangeBehaviour {

    protected MeshFixture mesh;

    protected abstract MeshFixture create(MeshConfig config);

    @BeforeEach
    void boot() {
        mesh = create(MeshConfig.defaults());
    }

    @AfterEach
    void shutdown() {
        mesh.close();
    }

    public static <T> T value(Promise<T> promise) throws Exception {
        Throwable failure = promise.getFailure();
        if (failure != null) {
            throw new AssertionError("the call failed: " + failure, failure);
        }
        return promise.getValue();
    }

    public static SwitchboardException failure(Promise<?> promise) throws InterruptedException {
        Throwable failure = promise.getFailure();
        assertInstanceOf(SwitchboardException.class, failure, "a coded failure");
        return (SwitchboardException) failure;
    }

    @Test
    void theHighestVersionInTheCallersRangeAnswers() throws Exception {
        mesh.start(0, Echo.class, "1.0.0");
        mesh.start(0, Echo.class, "1.2.0");
        mesh.start(0, Echo.class, "2.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        assertEquals("1.2.0:hi", value(caller.exchange().call("echo", "echo", List.of("hi"))));

        Happn tilde = mesh.handle(0, "tilde", "1.0.0", "echo ~1.0.0");
        assertEquals("1.0.0:hi", value(tilde.exchange().call("echo", "echo", List.of("hi"))));

        Happn compound = mesh.handle(0, "compound", "1.0.0", "echo >=1.0.0 <1.2.0 || >=2.0.0");
        assertEquals("2.0.0:hi", value(compound.exchange().call("echo", "echo", List.of("hi"))));

        Happn exact = mesh.handle(0, "exact", "1.0.0", "echo 1.0.0");
        assertEquals("1.0.0:hi", value(exact.exchange().call("echo", "echo", List.of("hi"))));
    }

    @Test
    void aCallNarrowsTheDeclaredRange() throws Exception {
        mesh.start(0, Echo.class, "1.0.0");
        mesh.start(0, Echo.class, "1.2.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        assertEquals("1.0.0:x", value(caller.exchange().call("echo", "echo", List.of("x"), CallOptions.defaults().range("<1.1.0"))));
        SwitchboardException none = failure(caller.exchange().call("echo", "echo", List.of("x"), CallOptions.defaults().range("^2.0.0")));
        assertEquals(MeshErrors.NO_MATCHING_VERSION, none.code());
    }

    @Test
    void theLocalInstanceIsPreferredWhenItRunsTheHighestVersion() throws Exception {
        mesh.start(0, Echo.class, "1.0.0");
        mesh.start(1, Echo.class, "1.0.0");
        Happn onZero = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        Happn onOne = mesh.handle(1, "caller", "1.0.0", "echo ^1.0.0");
        Map<String, Integer> fromZero = count(onZero, 20, CallOptions.defaults());
        Map<String, Integer> fromOne = count(onOne, 20, CallOptions.defaults());
        assertEquals(1, fromZero.size(), "every call from node 1 stays on node 1: " + fromZero);
        assertEquals(1, fromOne.size(), "every call from node 2 stays on node 2: " + fromOne);
        assertNotEquals(fromZero.keySet(), fromOne.keySet());
    }

    @Test
    void withoutALocalInstanceCallsTakeTurnsAmongTheHighestVersion() throws Exception {
        mesh.start(1, Echo.class, "1.1.0");
        mesh.start(2, Echo.class, "1.1.0");
        mesh.start(1, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        Map<String, Integer> answered = count(caller, 100, CallOptions.defaults());
        assertEquals(2, answered.size(), answered.toString());
        answered.forEach((who, calls) -> {
            assertTrue(who.startsWith("1.1.0#"), "only the highest version answers: " + answered);
            assertEquals(50, calls, "fair turns: " + answered);
        });
    }

    @Test
    void roundRobinSpreadsEvenlyOverEveryMatchingInstance() throws Exception {
        mesh.start(0, Echo.class, "1.0.0");
        mesh.start(1, Echo.class, "1.0.0");
        mesh.start(2, Echo.class, "1.1.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        Map<String, Integer> answered = count(caller, 300, CallOptions.defaults().roundRobin());
        assertEquals(3, answered.size(), answered.toString());
        answered.values().forEach(calls -> assertEquals(100, calls, answered.toString()));
    }

    @Test
    void stickyKeysStayOnTheirInstanceUntilItLeavesThenMoveAndTellTheCaller() throws Exception {
        MeshFixture.Deployed first = mesh.start(1, Echo.class, "1.0.0");
        mesh.start(2, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        List<String> moved = new CopyOnWriteArrayList<>();
        caller.exchange().onStickyMoved("echo", (key, from, to) -> moved.add(key + " " + from + "->" + to));

        Map<String, String> boundTo = new HashMap<>();
        for (String key : List.of("a", "b", "c", "d")) {
            String who = (String) value(caller.exchange().call("echo", "whoAmI", List.of(), CallOptions.defaults().sticky(key)));
            boundTo.put(key, who);
            for (int i = 0; i < 10; i++) {
                assertEquals(who, value(caller.exchange().call("echo", "whoAmI", List.of(), CallOptions.defaults().sticky(key))));
            }
        }
        assertEquals(2, new java.util.HashSet<>(boundTo.values()).size(), "keys are spread: " + boundTo);

        String leaving = (String) value(mesh.node(1).call(Origin.system(), "echo", "whoAmI", List.of(), CallOptions.defaults()));
        mesh.stop(1, first);
        for (Map.Entry<String, String> key : boundTo.entrySet()) {
            String now = (String) value(caller.exchange().call("echo", "whoAmI", List.of(), CallOptions.defaults().sticky(key.getKey())));
            assertNotEquals(leaving, now);
        }
        List<String> keysThatMoved = boundTo.entrySet().stream().filter(e -> e.getValue().equals(leaving)).map(e -> e.getKey() + " 1.0.0->1.0.0").sorted().toList();
        assertEquals(keysThatMoved, moved.stream().sorted().toList(), "the hook hears of exactly the keys that moved");
    }

    @Test
    void callAllGathersEveryInstancesResultOrFailure() throws Exception {
        mesh.start(0, Echo.class, "1.0.0");
        mesh.start(1, Echo.class, "1.0.0");
        mesh.start(2, Echo.class, "1.1.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        List<CallOutcome> outcomes = value(caller.exchange().callAll("echo", "whoAmI", List.of()));
        assertEquals(3, outcomes.size());
        assertEquals(3, outcomes.stream().map(CallOutcome::value).distinct().count(), outcomes.toString());

        List<CallOutcome> failures = value(caller.exchange().callAll("echo", "fail", List.of("no")));
        assertEquals(3, failures.size());
        failures.forEach(outcome -> assertEquals(MeshErrors.CALLEE_FAILED, outcome.failure().code()));
    }

    @Test
    void noMatchingVersionFailsAtOnceNamingTheRangeAndTheVersionsPresent() throws Exception {
        mesh.start(0, Echo.class, "1.0.0");
        mesh.start(1, Echo.class, "1.4.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "?echo ^2.0.0");
        Promise<Object> call = caller.exchange().call("echo", "echo", List.of("x"));
        assertTrue(call.isDone(), "no waiting: the failure is immediate");
        SwitchboardException e = failure(call);
        assertEquals(MeshErrors.NO_MATCHING_VERSION, e.code());
        assertTrue(e.getMessage().contains("echo") && e.getMessage().contains("^2.0.0") && e.getMessage().contains("1.0.0")
                && e.getMessage().contains("1.4.0"), e.getMessage());
    }

    @Test
    void unknownMethodsAndWrongArgumentCountsAreNamed() throws Exception {
        mesh.start(1, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        SwitchboardException unknown = failure(caller.exchange().call("echo", "shout", List.of("x")));
        assertEquals(MeshErrors.METHOD_NOT_FOUND, unknown.code());
        assertTrue(unknown.getMessage().contains("echo@1.0.0 has no method shout"), unknown.getMessage());
        SwitchboardException arity = failure(caller.exchange().call("echo", "add", List.of(1)));
        assertEquals(MeshErrors.METHOD_NOT_FOUND, arity.code());
        assertTrue(arity.getMessage().contains("add taking 1 argument"), arity.getMessage());
    }

    @Test
    void argumentsOfTheWrongTypeAreRefusedWithTheirPosition() throws Exception {
        mesh.start(1, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        SwitchboardException e = failure(caller.exchange().call("echo", "add", List.of(1, "two")));
        assertEquals(MeshErrors.BAD_ARGUMENTS, e.code());
        assertTrue(e.getMessage().contains("argument 2"), e.getMessage());
        assertEquals(3, value(caller.exchange().call("echo", "add", List.of(1, 2))), "the mesh keeps working");
    }

    @Test
    void whatTheCalleeThrewReachesTheCallerWithTypeCodeAndAnErrorIdButNotItsMessage() throws Exception {
        mesh.start(1, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        CallFailedException threw = (CallFailedException) failure(caller.exchange().call("echo", "fail", List.of("disk full")));
        assertEquals(MeshErrors.CALLEE_FAILED, threw.code());
        assertEquals(IllegalStateException.class.getName(), threw.errorType());
        assertEquals("echo", threw.component());
        assertEquals("1.0.0", threw.version());
        assertTrue(threw.errorId() != null && threw.getMessage().contains("error id " + threw.errorId()), threw.getMessage());
        assertFalse(threw.getMessage().contains("disk full") || threw.getMessage().contains("IllegalStateException"),
                "an uncoded exception's message and class are for the server's log, not the caller: " + threw.getMessage());

        CallFailedException coded = (CallFailedException) failure(caller.exchange().call("echo", "refuse", List.of()));
        assertEquals("echo.refused", coded.code(), "the callee's own code is kept");
        assertTrue(coded.getMessage().contains("echo refuses politely") && coded.getMessage().contains(coded.errorId()), coded.getMessage());
    }

    @Test
    void aCalleeThatCallsGetValueOnAFailedPromiseFailsWithTheRealCauseAndItsCode() throws Exception {
        mesh.start(1, Echo.class, "1.0.0");
        mesh.start(0, Relay.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "relay ^1.0.0");
        CallFailedException e = (CallFailedException) failure(caller.exchange().call("relay", "refuseThroughGetValue", List.of()));
        assertEquals("echo.refused", e.code(), e.getMessage());
        assertEquals("echo", e.component(), "who really failed, down the chain");
        assertFalse(e.getMessage().contains("InvocationTargetException"), e.getMessage());

        SwitchboardException typed = failure(caller.exchange().proxy("relay", RelayClient.class).refuseThroughGetValue());
        assertEquals("echo.refused", typed.code(), "a typed proxy hands over the same failure, not the wrapper getValue threw");
    }

    /** The caller's view of relay. */
    public interface RelayClient {
        Promise<String> refuseThroughGetValue();
    }

    @Test
    void anAnswerThatDoesNotComeInTimeFailsNamingComponentVersionAndMethod() throws Exception {
        mesh.start(1, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        Promise<Object> call = caller.exchange().call("echo", "later", List.of("never"), CallOptions.defaults().timeout(Duration.ofMillis(50)));
        SwitchboardException e = failure(call);
        assertEquals(MeshErrors.TIMEOUT, e.code());
        assertTrue(e.getMessage().contains("echo@1.0.0") && e.getMessage().contains("later"), e.getMessage());
        assertEquals(true, value(caller.exchange().call("echo", "settle", List.of("never", "too late"))));
    }

    @Test
    void asynchronousAnswersArriveWhenTheCalleeResolvesThem() throws Exception {
        mesh.start(1, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        Promise<Object> call = caller.exchange().call("echo", "later", List.of("k1"));
        assertFalse(call.isDone());
        assertEquals(true, value(caller.exchange().call("echo", "settle", List.of("k1", "done"))));
        assertEquals("done", value(call));
    }

    @Test
    void onlyDeclaredDependenciesCanBeReached() {
        mesh.start(0, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0");
        Promise<Object> call = caller.exchange().call("echo", "echo", List.of("x"));
        assertTrue(call.isDone());
        SwitchboardException e = assertThrows(SwitchboardException.class, () -> {
            throw call.getFailure();
        });
        assertEquals(MeshErrors.UNDECLARED_DEPENDENCY, e.code());
        assertTrue(e.getMessage().contains("echo"), e.getMessage());
        assertEquals(MeshErrors.UNDECLARED_DEPENDENCY,
                assertThrows(SwitchboardException.class, () -> caller.exchange().proxy("echo", EchoClient.class)).code());
        assertEquals(MeshErrors.UNDECLARED_DEPENDENCY,
                assertThrows(SwitchboardException.class, () -> caller.event().on("echo", "said", event -> { })).code());
    }

    @Test
    void anInvalidRangeIsReportedAsSuch() throws Exception {
        mesh.start(0, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        assertEquals(MeshErrors.INVALID_RANGE,
                failure(caller.exchange().call("echo", "echo", List.of("x"), CallOptions.defaults().range("one point oh"))).code());
        assumeTrue(mesh.can(MeshFixture.Ability.DECLARATION_ERRORS_THROWN), "a deployed bundle's bad range is a failed component");
        assertEquals(MeshErrors.INVALID_RANGE,
                assertThrows(SwitchboardException.class, () -> mesh.handle(0, "bad", "1.0.0", "echo not-a-range")).code());
    }

    @Test
    void typedProxiesConvertBetweenClassSpacesAsData() throws Exception {
        mesh.start(1, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        EchoClient echo = caller.exchange().proxy("echo", EchoClient.class);
        assertEquals("1.0.0:typed", value(echo.echo("typed")));
        assertEquals(5, value(echo.add(2, 3)));
        EchoClient.MyReading doubled = value(echo.twice(new EchoClient.MyReading("d1", 21)));
        assertEquals(new EchoClient.MyReading("d1", 42), doubled);
        List<EchoClient.MyReading> many = value(echo.many(3));
        assertEquals(3, many.size());
        assertInstanceOf(EchoClient.MyReading.class, many.get(2));
        assertEquals(MeshErrors.CALLEE_FAILED, failure(echo.fail("x")).code());
    }

    @Test
    void aCallerCompiledAgainst100GetsANamedErrorFrom200InsteadOfInventedValues() throws Exception {
        mesh.start(1, Inventory.V2.class, "2.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "inventory >=1.0.0");
        InventoryClient inventory = caller.exchange().proxy("inventory", InventoryClient.class);

        SwitchboardException stock = failure(inventory.stock("bolt"));
        assertEquals(MeshErrors.INCOMPATIBLE_DATA, stock.code(), stock.getMessage());
        assertTrue(stock.getMessage().contains("'quantity'"), "names the field: " + stock.getMessage());

        SwitchboardException renamed = failure(inventory.reserve(new InventoryClient.Reservation("bolt", 5)));
        assertEquals(MeshErrors.INCOMPATIBLE_DATA, renamed.code(), renamed.getMessage());
        assertTrue(renamed.getMessage().contains("argument 1") && renamed.getMessage().contains("'amount'"), renamed.getMessage());

        mesh.start(1, Echo.class, "1.0.0");
        Happn adder = mesh.handle(0, "adder", "1.0.0", "echo ^1.0.0");
        SwitchboardException lossy = failure(adder.exchange().call("echo", "add", List.of(1.7, 1)));
        assertEquals(MeshErrors.INCOMPATIBLE_DATA, lossy.code(), "1.7 is not read as 1: " + lossy.getMessage());
        assertEquals(3, value(adder.exchange().call("echo", "add", List.of(2.0, 1))), "2.0 is 2: nothing is lost");
    }

    @Test
    void aLenientCallerAcceptsWhatTheCalleeSendsAsItWas() throws Exception {
        mesh.start(1, Inventory.V2.class, "2.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "inventory >=1.0.0");
        InventoryClient lenient = caller.exchange().proxy("inventory", InventoryClient.class, CallOptions.defaults().lenient());
        assertEquals(new InventoryClient.Stock("bolt", 0), value(lenient.stock("bolt")), "the old behaviour, asked for by name");
        assertEquals("0 bolt", value(lenient.reserve(new InventoryClient.Reservation("bolt", 5))));
        mesh.start(1, Echo.class, "1.0.0");
        Happn adder = mesh.handle(0, "adder", "1.0.0", "echo ^1.0.0");
        assertEquals(2, value(adder.exchange().call("echo", "add", List.of(1.7, 1), CallOptions.defaults().lenient())));
    }

    @Test
    void theSameTypesOnBothSidesConvertWithoutComplaint() throws Exception {
        mesh.start(1, Inventory.V1.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "inventory >=1.0.0");
        InventoryClient inventory = caller.exchange().proxy("inventory", InventoryClient.class);
        assertEquals(new InventoryClient.Stock("bolt", 2000), value(inventory.stock("bolt")));
        assertEquals("5 bolt", value(inventory.reserve(new InventoryClient.Reservation("bolt", 5))));
    }

    @Test
    void aTypedProxyThatDoesNotFitAVersionIsReportedWhenThatVersionArrivesBeforeAnyCall() throws Exception {
        // on the caller's node, where the callee's types are known (another node's instance is checked by its methods' names)
        mesh.start(0, Inventory.V1.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "inventory >=1.0.0");
        caller.exchange().proxy("inventory", InventoryClient.class);
        assertEquals(List.of(), mismatches("caller"), "1.0.0 fits the caller's types");

        MeshFixture.Deployed breaking = mesh.start(0, Inventory.V2.class, "2.0.0");
        List<String> found = awaitMismatches("caller");
        String all = String.join("\n", found);
        assertTrue(found.stream().allMatch(line -> line.startsWith("inventory@2.0.0: ")), all);
        assertTrue(all.contains("InventoryClient.stock result.available") && all.contains("result.quantity"), all);
        assertTrue(all.contains("InventoryClient.reserve argument 1.amount"), all);

        mesh.stop(0, breaking);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!mismatches("caller").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the mismatch goes with the instance: " + mismatches("caller"));
            Thread.yield();
        }
    }

    @Test
    void aProxyMethodTheCalleeDoesNotHaveIsReported() throws Exception {
        mesh.start(1, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        caller.exchange().proxy("echo", Misnamed.class);
        List<String> found = mismatches("caller");
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).contains("Misnamed.shout takes 1 argument") && found.get(0).contains("echo(1)"), found.get(0));
        assertEquals(List.of(), mismatches("echo"));
    }

    /** A proxy with a method echo does not have. */
    public interface Misnamed {
        Promise<String> echo(String text);

        Promise<String> shout(String text);
    }

    private List<String> mismatches(String component) {
        return mesh.node(0).describe().stream().filter(d -> d.name().equals(component)).findFirst().orElseThrow().mismatches();
    }

    /** Checks after a new instance run on the mesh's own thread: wait, bounded, for them. */
    private List<String> awaitMismatches(String component) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (mismatches(component).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no mismatch reported for " + component);
            Thread.yield();
        }
        return mismatches(component);
    }

    /** Shares echo's own value type. */
    public interface SharedEcho {
        Promise<Echo.Reading> identity(Echo.Reading reading);
    }

    @Test
    void whenCallerAndCalleeShareClassesNothingIsConverted() throws Exception {
        assumeTrue(mesh.can(MeshFixture.Ability.SHARED_CLASSES), "caller and callee in one class space");
        mesh.start(0, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        Echo.Reading reading = new Echo.Reading("d1", 1);
        assertSame(reading, value(caller.exchange().proxy("echo", SharedEcho.class).identity(reading)));
    }

    /** Not a valid proxy: a method that does not return a Promise. */
    public interface Blocking {
        String echo(String text);
    }

    @Test
    void aProxyInterfaceWhoseMethodsDoNotReturnPromisesIsRefused() {
        mesh.start(0, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        SwitchboardException e = assertThrows(SwitchboardException.class, () -> caller.exchange().proxy("echo", Blocking.class));
        assertEquals(MeshErrors.BAD_PROXY, e.code());
        assertTrue(e.getMessage().contains("echo"), e.getMessage());
    }

    @Test
    void theOriginOfAChainReachesEveryCallee() throws Exception {
        mesh.start(1, Echo.class, "1.0.0");
        mesh.start(0, Relay.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        assertEquals("component:caller@1.0.0", value(caller.exchange().call("echo", "origin", List.of())));
        assumeTrue(mesh.can(MeshFixture.Ability.CHOSEN_ORIGINS), "a client with the test's own session id");
        assertEquals("user:alice (session s-1)", value(mesh.node(0).call(Origin.user("alice", "s-1"), "relay", "origin", List.of(),
                CallOptions.defaults())), "through relay on node 1 to echo on node 2, alice is still who asked");
    }

    @Test
    void aComponentAsksWhetherTheOriginMayDoSomething() throws Exception {
        assumeTrue(mesh.can(MeshFixture.Ability.REPLACEABLE_SECURITY) && mesh.can(MeshFixture.Ability.CHOSEN_ORIGINS), "the test sets the node's security");
        mesh.start(0, Echo.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        List<Object> args = List.of("set", "/shop/orders/1");
        assertEquals(true, value(mesh.node(0).call(Origin.user("ann", "s-1"), "echo", "may", args, CallOptions.defaults())),
                "the insecure development mode's permissions allow everything");
        mesh.node(0).originPermissions((origin, action, path) -> origin.name().equals("ann") && action.equals("set")
                && path.startsWith("/shop/"));
        assertEquals(true, value(mesh.node(0).call(Origin.user("ann", "s-1"), "echo", "may", args, CallOptions.defaults())));
        assertEquals(false, value(mesh.node(0).call(Origin.user("bob", "s-2"), "echo", "may", args, CallOptions.defaults())));
        assertEquals(false, value(mesh.node(0).call(Origin.user("ann", "s-1"), "echo", "may", List.of("set", "/bank/1"),
                CallOptions.defaults())));
        assertEquals(false, value(mesh.node(0).call(Origin.anonymous(), "echo", "may", args, CallOptions.defaults())));
        assertEquals(true, value(caller.exchange().call("echo", "may", args)), "a chain a component started is its own business");
    }

    @Test
    void withoutAnOriginPermissionsServiceClientsAreRefusedAndChecksSayNo() throws Exception {
        assumeTrue(mesh.can(MeshFixture.Ability.REPLACEABLE_SECURITY) && mesh.can(MeshFixture.Ability.CHAINS), "the test removes the node's security");
        mesh.start(0, Echo.class, "1.0.0");
        mesh.start(0, Relay.class, "1.0.0");
        Happn caller = mesh.handle(0, "caller", "1.0.0", "echo ^1.0.0");
        mesh.node(0).originPermissions(null); // the security bundle stopped, or is being updated
        for (Origin client : List.of(Origin.user("ann", "s-1"), Origin.anonymous())) {
            SwitchboardException refused = failure(mesh.node(0).call(client, "echo", "echo", List.of("x"), CallOptions.defaults()));
            assertEquals("security.unavailable", refused.code(), refused.getMessage());
            assertEquals("security.unavailable", assertThrows(SwitchboardException.class,
                    () -> mesh.node(0).subscribe(client, "echo", "said", null, event -> { })).code());
        }
        assertFalse(mesh.inChain(Origin.user("ann", "s-1"), 0, () -> caller.allowed("get", "/shop/1")),
                "a user's chain (an event, say) is allowed nothing with no one to ask");
        assertEquals(true, value(caller.exchange().call("echo", "may", List.of("set", "/shop/1"))),
                "a chain a component started needs no user permission");
        assertEquals("1.0.0:x", value(mesh.node(0).call(Origin.system(), "echo", "echo", List.of("x"), CallOptions.defaults())),
                "the system is not a client");
        mesh.node(0).originPermissions((origin, action, path) -> true);
        assertEquals("user:ann (session s-1)", value(mesh.node(0).call(Origin.user("ann", "s-1"), "relay", "origin", List.of(),
                CallOptions.defaults())));
    }

    @Test
    void aClientAtTheEdgeReachesOnlyTheComponentsOfItsOwnNode() throws Exception {
        mesh.start(1, Echo.class, "1.0.0");
        SwitchboardException e = failure(mesh.node(0).call(Origin.anonymous(), "echo", "echo", List.of("x"), CallOptions.defaults()));
        assertEquals(MeshErrors.NO_MATCHING_VERSION, e.code());
        assertEquals("1.0.0:x", value(mesh.node(1).call(Origin.anonymous(), "echo", "echo", List.of("x"), CallOptions.defaults())));
    }

    private static Map<String, Integer> count(Happn caller, int calls, CallOptions options) throws Exception {
        Map<String, Integer> answered = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            answered.merge((String) value(caller.exchange().call("echo", "whoAmI", List.of(), options)), 1, Integer::sum);
        }
        return answered;
    }

    static List<String> strings(List<?> values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(String.valueOf(v)));
        return out;
    }
}
