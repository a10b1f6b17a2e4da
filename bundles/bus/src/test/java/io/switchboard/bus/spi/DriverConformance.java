package io.switchboard.bus.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Discipline;
import io.switchboard.bus.Overflow;
import io.switchboard.bus.TopicSettings;

/**
 * What every bus driver does, run against each (memory here; file and Redis in their bundles).
 * Time is passed in, so leases run out and windows close without sleeping.
 */
public abstract class DriverConformance {

    private static final long T0 = 1_000_000;

    protected BusDriver driver;
    private String topic;
    private final List<String> opened = new ArrayList<>();

    /** A fresh driver for one test. */
    protected abstract BusDriver newDriver() throws Exception;

    /** Stops the driver after a test, when it holds resources. */
    protected void stopDriver() throws Exception {
    }

    @BeforeEach
    void startDriver() throws Exception {
        driver = newDriver();
        topic = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void deleteTopics() throws Exception {
        for (String name : opened) {
            driver.delete(name);
        }
        stopDriver();
    }

    protected TopicQueue open(TopicSettings settings) {
        opened.add(topic);
        return driver.open(topic, settings);
    }

    protected static TopicSettings settings(Discipline discipline) {
        return new TopicSettings(discipline, "any", 1_000_000, Overflow.REJECT, 0, 30_000, 3, null, 60_000);
    }

    protected static StoredMessage message(String text, int priority, String key, long at) {
        return new StoredMessage(0, ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8), priority, key, at, at, false, Map.of("h", text));
    }

    private static String text(StoredMessage message) {
        String json = new String(message.payload(), StandardCharsets.UTF_8);
        return json.substring(1, json.length() - 1);
    }

    private static List<String> texts(TopicQueue.Leased leased) {
        return leased.messages().stream().map(lease -> text(lease.message())).toList();
    }

    private static long append(TopicQueue queue, String text) {
        return queue.append(message(text, 4, null, T0), null, T0).sequence();
    }

    @Test
    void fifoHandsMessagesOutInPublishOrderWithTheirFields() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        for (int i = 0; i < 5; i++) {
            append(queue, "m" + i);
        }
        TopicQueue.Leased leased = queue.lease("g", "c", 10, T0, T0 + 1000);
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), texts(leased));
        StoredMessage first = leased.messages().get(0).message();
        assertEquals(Map.of("h", "m0"), first.headers());
        assertEquals(T0, first.publishedAt());
        assertEquals(1, leased.messages().get(0).deliveries());
        assertTrue(queue.lease("g", "c", 10, T0, T0 + 1000).messages().isEmpty(), "leased messages are invisible");
    }

    @Test
    void lifoComesOutReversed() {
        TopicQueue queue = open(settings(Discipline.LIFO));
        for (int i = 0; i < 100; i++) {
            append(queue, "m" + i);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.addAll(texts(queue.lease("g", "c", 10, T0, T0 + 1000)));
        }
        for (int i = 0; i < 100; i++) {
            assertEquals("m" + (99 - i), out.get(i));
        }
    }

    @Test
    void aThousandRandomPrioritiesComeOutHighestFirstAndTiesInPublishOrder() {
        TopicQueue queue = open(settings(Discipline.PRIORITY));
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            int priority = random.nextInt(10);
            queue.append(message(priority + ":" + i, priority, null, T0), null, T0);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.addAll(texts(queue.lease("g", "c", 50, T0, T0 + 1000)));
        }
        assertEquals(1000, out.size());
        for (int i = 1; i < out.size(); i++) {
            String[] before = out.get(i - 1).split(":");
            String[] after = out.get(i).split(":");
            int byPriority = Integer.compare(Integer.parseInt(after[0]), Integer.parseInt(before[0]));
            assertTrue(byPriority < 0 || byPriority == 0 && Integer.parseInt(after[1]) > Integer.parseInt(before[1]),
                    out.get(i - 1) + " came before " + out.get(i));
        }
    }

    @Test
    void aLeaseThatRunsOutIsDeliveredAgainAndThenDiesAtMaxDeliveries() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        long sequence = append(queue, "once");
        long now = T0;
        for (int delivery = 1; delivery <= 3; delivery++) {
            TopicQueue.Leased leased = queue.lease("g", "c", 1, now, now + 100);
            assertEquals(1, leased.messages().size(), "delivery " + delivery);
            assertEquals(delivery, leased.messages().get(0).deliveries());
            assertTrue(queue.lease("g", "other", 1, now + 99, now + 200).messages().isEmpty(), "invisible until the lease runs out");
            now += 100;
        }
        List<TopicQueue.Dead> died = queue.expire(now);
        assertEquals(1, died.size(), "the third lease ran out: max deliveries reached");
        TopicQueue.Dead dead = died.get(0);
        assertEquals(sequence, dead.message().sequence());
        assertEquals("g", dead.group());
        assertEquals(3, dead.deliveries());
        assertEquals("max-deliveries", dead.reason());
        assertTrue(queue.lease("g", "c", 1, now, now + 100).messages().isEmpty(), "a dead letter is not delivered");
        assertEquals(1, queue.deadLetters(10).size());
        assertEquals(sequence, queue.deadLetter(sequence).orElseThrow().message().sequence());

        assertEquals(1, queue.redrive(null, now));
        TopicQueue.Leased again = queue.lease("g", "c", 1, now, now + 100);
        assertEquals(1, again.messages().get(0).deliveries(), "re-driven with its deliveries reset");
        assertEquals(TopicQueue.Settled.DONE, queue.ack("g", sequence, "c", now + 1));
        assertEquals(0, queue.deadLetters(10).size());
    }

    @Test
    void nackedMessagesComeBackAfterTheirDelayAndDieWhenExhausted() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        long sequence = append(queue, "n");
        queue.lease("g", "c", 1, T0, T0 + 1000);
        assertEquals(TopicQueue.Settled.DONE, queue.nack("g", sequence, "c", T0 + 500, T0));
        assertTrue(queue.lease("g", "c", 1, T0 + 499, T0 + 2000).messages().isEmpty(), "not before its delay");
        assertEquals(2, queue.lease("g", "c", 1, T0 + 500, T0 + 2000).messages().get(0).deliveries());
        queue.nack("g", sequence, "c", T0 + 500, T0 + 500);
        queue.lease("g", "c", 1, T0 + 500, T0 + 2000);
        queue.nack("g", sequence, "c", T0 + 500, T0 + 500);
        List<TopicQueue.Dead> died = queue.expire(T0 + 600);
        assertEquals(1, died.size(), "nacked after its last delivery: it dies rather than go out a fourth time");
    }

    @Test
    void acksAndNacksTellWhatIsWrong() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        long sequence = append(queue, "a");
        assertEquals(TopicQueue.Settled.UNKNOWN, queue.ack("g", sequence + 100, "c", T0));
        assertEquals(TopicQueue.Settled.NOT_LEASED, queue.ack("g", sequence, "c", T0), "a group that never leased");
        queue.lease("g", "c", 1, T0, T0 + 100);
        assertEquals(TopicQueue.Settled.OTHER_CONSUMER, queue.ack("g", sequence, "intruder", T0 + 1));
        assertEquals(TopicQueue.Settled.NOT_LEASED, queue.ack("g", sequence, "c", T0 + 100), "its lease ran out");
        queue.lease("g", "c", 1, T0 + 100, T0 + 200);
        assertEquals(TopicQueue.Settled.DONE, queue.ack("g", sequence, "c", T0 + 150));
        assertEquals(TopicQueue.Settled.ALREADY_SETTLED, queue.ack("g", sequence, "c", T0 + 151));
        assertEquals(TopicQueue.Settled.ALREADY_SETTLED, queue.nack("g", sequence, "c", T0, T0 + 151));
    }

    @Test
    void everyGroupGetsEveryMessageAndEachOnceAmongItsConsumers() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        queue.lease("billing", "b0", 1, T0, T0 + 1000); // the groups exist before the messages
        queue.lease("audit", "a0", 1, T0, T0 + 1000);
        for (int i = 0; i < 30; i++) {
            append(queue, "m" + i);
        }
        for (String group : List.of("billing", "audit")) {
            Set<String> seen = new HashSet<>();
            int turn = 0;
            while (true) {
                String consumer = group + "-" + (turn++ % 3);
                TopicQueue.Leased leased = queue.lease(group, consumer, 4, T0, T0 + 1000);
                if (leased.messages().isEmpty()) {
                    break;
                }
                for (TopicQueue.Lease lease : leased.messages()) {
                    assertTrue(seen.add(text(lease.message())), "once per group: " + text(lease.message()));
                    assertEquals(TopicQueue.Settled.DONE, queue.ack(group, lease.message().sequence(), consumer, T0 + 1));
                }
            }
            assertEquals(30, seen.size(), group + " got all");
        }
        assertEquals(0, queue.stats(T0).depth(), "acked by every group: gone");
    }

    @Test
    void aGroupMadeLaterGetsWhatIsStillStored() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        append(queue, "before");
        assertEquals(List.of("before"), texts(queue.lease("late", "c", 10, T0, T0 + 1000)));
    }

    @Test
    void aDedupIdWithinTheWindowIsStoredOnce() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        TopicQueue.Appended first = queue.append(message("x", 4, null, T0), "order-1", T0);
        TopicQueue.Appended again = queue.append(message("x", 4, null, T0 + 10), "order-1", T0 + 10);
        assertTrue(again.duplicate());
        assertEquals(first.sequence(), again.sequence());
        assertEquals(1, queue.stats(T0 + 10).depth());
        TopicQueue.Appended later = queue.append(message("x", 4, null, T0 + 60_000), "order-1", T0 + 60_000);
        assertFalse(later.duplicate(), "after the window it is a new message");
    }

    @Test
    void aFullTopicRejectsOrDropsItsOldest() {
        TopicSettings small = new TopicSettings(Discipline.FIFO, "any", 2, Overflow.REJECT, 0, 30_000, 3, null, 0);
        TopicQueue queue = open(small);
        append(queue, "1");
        append(queue, "2");
        SwitchboardException full = assertThrows(SwitchboardException.class, () -> append(queue, "3"));
        assertEquals(BusErrors.TOPIC_FULL, full.code());
        assertEquals(2, queue.stats(T0).depth(), "nothing stored changed");
        queue.configure(new TopicSettings(Discipline.FIFO, "any", 2, Overflow.DROP_OLDEST, 0, 30_000, 3, null, 0));
        append(queue, "3");
        assertEquals(List.of("2", "3"), texts(queue.lease("g", "c", 10, T0, T0 + 1000)));
        assertEquals(1, queue.stats(T0).dropped());
    }

    @Test
    void aBatchIsStoredInOrderWithEachEntrysOwnOutcome() {
        TopicQueue queue = open(new TopicSettings(Discipline.FIFO, "any", 3, Overflow.REJECT, 0, 30_000, 3, null, 60_000));
        append(queue, "before");
        List<TopicQueue.BatchOutcome> outcomes = queue.append(List.of(new TopicQueue.Append(message("a", 4, null, T0), "d-1"),
                new TopicQueue.Append(message("a-again", 4, null, T0), "d-1"), new TopicQueue.Append(message("b", 4, null, T0), null),
                new TopicQueue.Append(message("c", 4, null, T0), null)), T0);
        assertEquals(4, outcomes.size());
        assertFalse(outcomes.get(0).appended().duplicate());
        assertTrue(outcomes.get(1).appended().duplicate(), "a dedup id seen earlier in the same batch");
        assertEquals(outcomes.get(0).appended().sequence(), outcomes.get(1).appended().sequence());
        assertTrue(outcomes.get(2).appended().sequence() > outcomes.get(0).appended().sequence(), "in the batch's order");
        assertEquals(BusErrors.TOPIC_FULL, outcomes.get(3).refused().code(), "the fourth is over maxLength 3");
        assertEquals(null, outcomes.get(3).appended());
        assertEquals(List.of("before", "a", "b"), texts(queue.lease("g", "c", 10, T0, T0 + 1000)));
    }

    @Test
    void aBatchAckAnswersEachSequenceAlone() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        long a = append(queue, "a");
        long b = append(queue, "b");
        long c = append(queue, "c");
        queue.lease("g", "c", 2, T0, T0 + 1000); // a and b
        List<TopicQueue.Settled> outcomes = queue.ack("g", List.of(a, c, b, a, c + 100), "c", T0 + 1);
        assertEquals(List.of(TopicQueue.Settled.DONE, TopicQueue.Settled.NOT_LEASED, TopicQueue.Settled.DONE, TopicQueue.Settled.ALREADY_SETTLED,
                TopicQueue.Settled.UNKNOWN), outcomes);
        assertEquals(List.of("c"), texts(queue.lease("g", "c", 10, T0 + 2, T0 + 1000)), "only the acked ones are done");
    }

    @Test
    void aBatchNackAnswersEachSequenceAloneAndGivesTheGoodOnesBack() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        long a = append(queue, "a");
        long b = append(queue, "b");
        long c = append(queue, "c");
        queue.lease("g", "c", 2, T0, T0 + 1000); // a and b
        List<TopicQueue.Settled> outcomes = queue.nack("g", List.of(b, c, a, c + 100), "c", T0 + 500, T0 + 1);
        assertEquals(List.of(TopicQueue.Settled.DONE, TopicQueue.Settled.NOT_LEASED, TopicQueue.Settled.DONE, TopicQueue.Settled.UNKNOWN), outcomes);
        assertEquals(List.of("c"), texts(queue.lease("g", "c", 10, T0 + 2, T0 + 1000)), "the nacked ones wait for their time");
        assertEquals(List.of("a", "b"), texts(queue.lease("g", "c", 10, T0 + 500, T0 + 1000)), "then come back, in order");
    }

    @Test
    void aDelayedMessageIsInvisibleUntilItsTime() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        queue.append(new StoredMessage(0, "1".getBytes(StandardCharsets.UTF_8), 4, null, T0, T0 + 5000, false, Map.of()), null, T0);
        assertTrue(queue.lease("g", "c", 1, T0 + 4999, T0 + 9999).messages().isEmpty());
        assertEquals(1, queue.lease("g", "c", 1, T0 + 5000, T0 + 9999).messages().size());
    }

    @Test
    void aKeyOnAFifoTopicStaysWithOneConsumerUntilAcked() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        long k1 = queue.append(message("k1", 4, "order-7", T0), null, T0).sequence();
        queue.append(message("k2", 4, "order-7", T0), null, T0);
        queue.append(message("other", 4, "order-8", T0), null, T0);
        assertEquals(List.of("k1"), texts(queue.lease("g", "a", 1, T0, T0 + 1000)));
        assertEquals(List.of("other"), texts(queue.lease("g", "b", 10, T0, T0 + 1000)), "b may not take order-7's next while a holds it");
        queue.ack("g", k1, "a", T0 + 1);
        assertEquals(List.of("k2"), texts(queue.lease("g", "b", 10, T0 + 2, T0 + 1000)));
    }

    @Test
    void retentionForgetsOldMessages() {
        TopicQueue queue = open(new TopicSettings(Discipline.FIFO, "any", 100, Overflow.REJECT, 1000, 30_000, 3, null, 0));
        append(queue, "old");
        queue.append(message("new", 4, null, T0 + 500), null, T0 + 500);
        queue.expire(T0 + 1000);
        assertEquals(List.of("new"), texts(queue.lease("g", "c", 10, T0 + 1000, T0 + 2000)));
    }

    @Test
    void releasingAConsumerGivesItsLeasesBackAtOnce() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        append(queue, "r");
        queue.lease("g", "c", 1, T0, T0 + 30_000);
        assertEquals(1, queue.release("g", "c", T0 + 1));
        assertEquals(2, queue.lease("g", "c", 1, T0 + 1, T0 + 30_000).messages().get(0).deliveries());
    }

    @Test
    void aDeadLetterCarriesTheFailureOfItsLastNackThatGaveOne() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        long told = append(queue, "told");
        long silent = append(queue, "silent");
        long now = T0;
        for (int delivery = 1; delivery <= 3; delivery++) {
            assertEquals(2, queue.lease("g", "c", 2, now, now + 100).messages().size(), "delivery " + delivery);
            TopicQueue.Failure failure = new TopicQueue.Failure(500 + delivery, "the callback answered " + (500 + delivery));
            assertEquals(TopicQueue.Settled.DONE, queue.nack("g", told, "c", now, now, failure));
            if (delivery == 1) {
                queue.nack("g", silent, "c", now, now, new TopicQueue.Failure(0, "no answer"));
            } else {
                queue.nack("g", silent, "c", now, now, null); // says nothing: forgets the earlier failure
            }
            now += 1;
        }
        List<TopicQueue.Dead> died = queue.expire(now);
        assertEquals(2, died.size());
        TopicQueue.Dead dead = queue.deadLetter(told).orElseThrow();
        assertEquals(new TopicQueue.Failure(503, "the callback answered 503"), dead.last(), "the last failure, kept with the dead letter");
        assertEquals(dead.last(), died.stream().filter(d -> d.message().sequence() == told).findFirst().orElseThrow().last());
        assertEquals(null, queue.deadLetter(silent).orElseThrow().last());

        assertEquals(1, queue.redrive(List.of(told), now));
        queue.lease("g", "c", 1, now, now + 100);
        queue.lease("g", "c", 1, now + 100, now + 200);
        queue.lease("g", "c", 1, now + 200, now + 300);
        assertEquals(1, queue.expire(now + 300).size());
        assertEquals(null, queue.deadLetter(told).orElseThrow().last(), "re-driven, its old failure is gone with its deliveries");
    }

    @Test
    void aLongFailureIsCut() {
        TopicQueue.Failure failure = new TopicQueue.Failure(0, "x".repeat(10_000));
        assertEquals(TopicQueue.Failure.MAX_ERROR_CHARS, failure.error().length());
    }

    @Test
    void purgedDeadLettersAreGone() {
        TopicQueue queue = open(new TopicSettings(Discipline.FIFO, "any", 100, Overflow.REJECT, 0, 30_000, 1, null, 0));
        long a = append(queue, "a");
        long b = append(queue, "b");
        queue.lease("g", "c", 2, T0, T0 + 10);
        assertEquals(2, queue.expire(T0 + 10).size());
        assertEquals(1, queue.purge(List.of(a)));
        assertEquals(List.of(b), queue.deadLetters(10).stream().map(d -> d.message().sequence()).toList());
        assertEquals(1, queue.purge(null));
    }

    @Test
    void changingTheDisciplineReordersWhatWaits() {
        TopicQueue queue = open(settings(Discipline.FIFO));
        queue.lease("g", "c", 1, T0, T0 + 1000);
        queue.append(message("low", 1, null, T0), null, T0);
        queue.append(message("high", 9, null, T0), null, T0);
        queue.configure(settings(Discipline.PRIORITY));
        assertEquals(List.of("high", "low"), texts(queue.lease("g", "c", 10, T0, T0 + 1000)));
    }
}
