package io.switchboard.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.internal.memory.MemoryDriver;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;

/** Batches through the bus: checked whole before anything is stored, then one result per entry. */
class BusCoreBatchTest {

    private final TestClock clock = new TestClock();
    private BusCore bus;

    @BeforeEach
    void start() throws Exception {
        DataServiceImpl data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        bus = new BusCore(data, BusCoreTest.config(), clock, false);
        bus.addDriver(new MemoryDriver(), Map.of(BusDriver.NAME, "memory"));
        bus.putTopic("jobs", bus.settingsFrom("jobs", new ObjectMapper().readTree("{\"maxLength\": 3}")));
    }

    @AfterEach
    void stop() {
        bus.deactivate();
    }

    private static Outgoing message(String json, int priority) {
        return new Outgoing(json.getBytes(StandardCharsets.UTF_8), priority, null, null, 0, Map.of());
    }

    @Test
    void oneBadEntryRefusesTheWholeBatchAndNamesItAndNothingIsStored() {
        SwitchboardException refused = assertThrows(SwitchboardException.class,
                () -> bus.publishAllAs("jobs", List.of(message("1", 4), message("2", 12)), "producer"));
        assertEquals(BusErrors.INVALID_PRIORITY, refused.code());
        assertTrue(refused.getMessage().startsWith("messages[1]: "), refused.getMessage());
        assertEquals(0, bus.topic("jobs").orElseThrow().depth(), "the good first entry was not stored either");
    }

    @Test
    void anEmptyBatchAndOneOverTheBoundHaveTheirOwnCodes() {
        assertEquals(BusErrors.EMPTY_BATCH, assertThrows(SwitchboardException.class, () -> bus.publishAllAs("jobs", List.of(), "p")).code());
        List<Outgoing> tooMany = Collections.nCopies(BusCoreTest.config().maxBatchMessages() + 1, message("1", 4));
        assertEquals(BusErrors.BATCH_TOO_LARGE, assertThrows(SwitchboardException.class, () -> bus.publishAllAs("jobs", tooMany, "p")).code());
        assertEquals(BusErrors.EMPTY_BATCH, assertThrows(SwitchboardException.class, () -> bus.ackAll(List.of(), Bus.DEFAULT_GROUP, "c")).code());
        assertEquals(0, bus.topic("jobs").orElseThrow().depth());
    }

    @Test
    void anEntryTheFullTopicRefusesIsAnsweredAloneAndTheOthersAreStored() {
        List<BusCore.BatchResult> results = bus.publishAllAs("jobs", List.of(message("1", 4), message("2", 4), message("3", 4), message("4", 4)), "p");
        assertEquals(4, results.size());
        for (int i = 0; i < 3; i++) {
            assertNull(results.get(i).refused());
            assertEquals("jobs~" + (i + 1), results.get(i).published().id(), "ids in the batch's order");
        }
        assertEquals(BusErrors.TOPIC_FULL, results.get(3).refused().code());
        assertEquals(3, bus.topic("jobs").orElseThrow().depth());
    }

    @Test
    void aBatchAckAnswersEachIdAloneAndSettlesTheGoodOnes() {
        bus.publishAllAs("jobs", List.of(message("1", 4), message("2", 4), message("3", 4)), "p");
        List<Delivery> leased = bus.lease("jobs", Bus.DEFAULT_GROUP, "worker", 2, Duration.ofSeconds(30));
        List<String> ids = new ArrayList<>(leased.stream().map(Delivery::id).toList());
        String other = bus.lease("jobs", Bus.DEFAULT_GROUP, "intruder", 1, Duration.ofSeconds(30)).get(0).id();
        ids.addAll(List.of(other, ids.get(0), "not-an-id", "nowhere~1"));
        List<SwitchboardException> results = bus.ackAll(ids, Bus.DEFAULT_GROUP, "worker");
        assertNull(results.get(0));
        assertNull(results.get(1));
        assertEquals(BusErrors.NOT_LEASEHOLDER, results.get(2).code(), "leased to the intruder");
        assertEquals(BusErrors.ALREADY_ACKED, results.get(3).code(), "acked earlier in the same batch");
        assertEquals(BusErrors.UNKNOWN_MESSAGE, results.get(4).code());
        assertEquals(BusErrors.UNKNOWN_TOPIC, results.get(5).code());
        assertEquals(1, bus.topic("jobs").orElseThrow().depth(), "the two acked are gone, the intruder's stays");
    }

    @Test
    void aBatchsAcksAndNacksAreToldOnceSoThatAStreamWakesOnceForThem() throws Exception {
        bus.publishAllAs("jobs", List.of(message("1", 4), message("2", 4), message("3", 4)), "p");
        List<String> ids = bus.lease("jobs", Bus.DEFAULT_GROUP, "worker", 3, Duration.ofSeconds(30)).stream().map(Delivery::id).toList();
        List<List<String>> told = Collections.synchronizedList(new ArrayList<>());
        try (AutoCloseable listening = bus.onSettled((consumer, settled) -> told.add(settled))) {
            bus.ackAll(List.of(ids.get(0), ids.get(1), "jobs~99"), Bus.DEFAULT_GROUP, "worker");
            bus.nackAll(List.of(ids.get(2)), Bus.DEFAULT_GROUP, "worker", Duration.ZERO);
        }
        assertEquals(List.of(List.of(ids.get(0), ids.get(1)), List.of(ids.get(2))), told, "one call per batch, with the ids it settled");
    }

    @Test
    void aBatchNackGivesEachBackAndRefusesABadDelayWhole() {
        bus.publishAllAs("jobs", List.of(message("1", 4), message("2", 4)), "p");
        List<String> ids = bus.lease("jobs", Bus.DEFAULT_GROUP, "worker", 2, Duration.ofSeconds(30)).stream().map(Delivery::id).toList();
        assertEquals(BusErrors.INVALID_PARAMETER, assertThrows(SwitchboardException.class,
                () -> bus.nackAll(ids, Bus.DEFAULT_GROUP, "worker", Duration.ofMillis(-1))).code());
        assertEquals(Arrays.asList(null, null), bus.nackAll(ids, Bus.DEFAULT_GROUP, "worker", Duration.ZERO));
        assertEquals(2, bus.lease("jobs", Bus.DEFAULT_GROUP, "worker", 10, Duration.ofSeconds(30)).size(), "both back");
    }

    @Test
    void aBatchNackIsOneDriverCallPerTopicAsAnAckIs() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        // each call by name and whether it took a list
        bus.addDriver(new ObservedDriver(new MemoryDriver(), method -> calls.add(method.getName()
                + (Arrays.asList(method.getParameterTypes()).contains(List.class) ? "(List)" : "(one)"))), Map.of(BusDriver.NAME, "counted"));
        bus.putTopic("counted", bus.settingsFrom("counted", new ObjectMapper().readTree("{\"driver\": \"counted\"}")));
        bus.publishAllAs("counted", List.of(message("1", 4), message("2", 4), message("3", 4)), "p");
        List<String> ids = bus.lease("counted", Bus.DEFAULT_GROUP, "worker", 3, Duration.ofSeconds(30)).stream().map(Delivery::id).toList();
        calls.clear();
        assertEquals(Arrays.asList(null, null, null), bus.nackAll(ids, Bus.DEFAULT_GROUP, "worker", Duration.ZERO));
        assertEquals(List.of("nack(List)"), calls.stream().filter(call -> call.startsWith("nack")).toList(), "one call for the batch");
        List<String> again = bus.lease("counted", Bus.DEFAULT_GROUP, "worker", 10, Duration.ofSeconds(30)).stream().map(Delivery::id).toList();
        assertEquals(ids, again, "all three back, in order");
        calls.clear();
        assertEquals(Arrays.asList(null, null, null), bus.ackAll(again, Bus.DEFAULT_GROUP, "worker"));
        assertEquals(List.of("ack(List)"), calls.stream().filter(call -> call.startsWith("ack")).toList());
    }
}
