package io.switchboard.publisher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.data.Consistency;
import io.switchboard.data.DataEvent;
import io.switchboard.data.PublishResults;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.spi.EventPublisher.Publishing;
import io.switchboard.data.spi.StoredItem;
import io.switchboard.publisher.Delivery;
import io.switchboard.publisher.Recipient;
import io.switchboard.publisher.RecipientSource;
import io.switchboard.publisher.RemoteRecipient;
import io.switchboard.system.flush.HeldFlushes;

class PublisherTest {

    private final PublisherImpl publisher = new PublisherImpl(200, 2, 8);

    @AfterEach
    void close() {
        publisher.close();
    }

    /** A recipient that keeps what it gets and acknowledges (or not) as told. */
    static class Inbox implements Recipient {
        final String session;
        final List<DataEvent> events = new CopyOnWriteArrayList<>();
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        boolean autoAck = true;
        boolean refuse;
        boolean closed;

        Inbox(String session) {
            this.session = session;
        }

        @Override
        public String session() {
            return session;
        }

        @Override
        public boolean deliver(DataEvent event, Delivery delivery) {
            if (refuse) {
                throw new IllegalStateException("full");
            }
            if (closed) {
                return false;
            }
            events.add(event);
            deliveries.add(delivery);
            if (autoAck) {
                delivery.acknowledge();
            }
            return true;
        }
    }

    /** Another node's recipients: keeps what it is handed; the test reports for it. */
    static final class Node implements RemoteRecipient {
        final List<DataEvent> events = new CopyOnWriteArrayList<>();
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

        @Override
        public String session() {
            return null;
        }

        @Override
        public boolean deliver(DataEvent event, Delivery delivery) {
            events.add(event);
            deliveries.add(delivery);
            return true;
        }
    }

    private void sources(Recipient... recipients) {
        RecipientSource source = (DataEvent event, Consumer<Recipient> sink) -> {
            for (Recipient r : recipients) {
                sink.accept(r);
            }
        };
        publisher.addSource(source);
    }

    private static DataEvent event(String path, Consistency consistency, String origin, Set<String> targets) {
        StoredItem item = new StoredItem(path, JsonNodeFactory.instance.objectNode(), 1, 1, origin, System.nanoTime());
        return DataEvent.set(item, WriteOptions.DEFAULTS.withConsistency(consistency).withOrigin(origin).withTargetSessions(targets), true);
    }

    private static <T> T await(Promise<T> promise) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        promise.onResolve(done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS), "promise did not resolve");
        try {
            return promise.getValue();
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        }
    }

    @Test
    void transactionalIsAcceptedOnceEveryRecipientHasTheEvent() throws Exception {
        Inbox a = new Inbox("s1");
        Inbox b = new Inbox("s2");
        sources(a, b);
        Publishing p = publisher.publish(event("/x", Consistency.TRANSACTIONAL, "me", Set.of()));
        assertTrue(p.accepted().isDone());
        assertEquals(1, a.events.size());
        assertEquals(1, b.events.size());
        assertEquals(new PublishResults(2, 2, 0, 0, 0), await(p.results()));
    }

    /**
     * A local subscriber's session writes the event on the publisher's thread and asks for a flush
     * (a socket write); the fan-out holds those flushes until every recipient has the event, so the
     * thread writes to all of them before it makes a system call for any.
     */
    @Test
    void eachRecipientsFlushWaitsUntilEveryRecipientHasTheEventAndRunsOnce() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Recipient[] recipients = new Recipient[3];
        for (int i = 0; i < recipients.length; i++) {
            String name = "s" + i;
            Runnable flush = () -> log.add("flush " + name);
            recipients[i] = new Inbox(name) {
                @Override
                public boolean deliver(DataEvent event, Delivery delivery) {
                    log.add("write " + name);
                    HeldFlushes.now(flush);
                    HeldFlushes.now(flush); // a second message in the same run: still one write
                    return super.deliver(event, delivery);
                }
            };
        }
        sources(recipients);
        Publishing p = publisher.publish(event("/x", Consistency.TRANSACTIONAL, "me", Set.of()));
        assertEquals(new PublishResults(3, 3, 0, 0, 0), await(p.results()));
        assertEquals(List.of("write s0", "write s1", "write s2", "flush s0", "flush s1", "flush s2"), log);
    }

    @Test
    void targetSessionsLimitTheRecipients() throws Exception {
        Inbox a = new Inbox("s1");
        Inbox b = new Inbox("s2");
        sources(a, b);
        PublishResults results = await(publisher.publish(event("/x", Consistency.TRANSACTIONAL, "me", Set.of("s2"))).results());
        assertEquals(0, a.events.size());
        assertEquals(1, b.events.size());
        assertEquals(1, results.successful());
    }

    @Test
    void refusingAndClosedRecipientsAreCountedAsFailedAndSkipped() throws Exception {
        Inbox ok = new Inbox("s1");
        Inbox refusing = new Inbox("s2");
        refusing.refuse = true;
        Inbox closed = new Inbox("s3");
        closed.closed = true;
        sources(ok, refusing, closed);
        assertEquals(new PublishResults(1, 1, 1, 1, 0), await(publisher.publish(event("/x", Consistency.TRANSACTIONAL, "me", Set.of())).results()));
    }

    @Test
    void acknowledgedWaitsForEveryAcknowledgement() throws Exception {
        Inbox a = new Inbox("s1");
        Inbox b = new Inbox("s2");
        b.autoAck = false;
        sources(a, b);
        Publishing p = publisher.publish(event("/x", Consistency.ACKNOWLEDGED, "me", Set.of()));
        assertFalse(p.accepted().isDone(), "b has not acknowledged yet");
        b.deliveries.get(0).acknowledge();
        await(p.accepted());
        assertEquals(new PublishResults(2, 2, 0, 0, 2), await(p.results()));
    }

    @Test
    void acknowledgedCountsSilenceAndFailureAsFailedAfterTheTimeout() throws Exception {
        Inbox silent = new Inbox("s1");
        silent.autoAck = false;
        Inbox failing = new Inbox("s2");
        failing.autoAck = false;
        Inbox good = new Inbox("s3");
        sources(silent, failing, good);
        Publishing p = publisher.publish(event("/x", Consistency.ACKNOWLEDGED, "me", Set.of()));
        failing.deliveries.get(0).fail(new RuntimeException("handler threw"));
        PublishResults results = await(p.results()); // the 200 ms ack timeout resolves it
        assertEquals(new PublishResults(3, 1, 2, 0, 1), results);
        silent.deliveries.get(0).acknowledge(); // too late: ignored
        assertEquals(results, await(p.results()));
    }

    @Test
    void acknowledgedWithNoRecipientsCompletesAtOnce() throws Exception {
        assertEquals(PublishResults.NONE, await(publisher.publish(event("/x", Consistency.ACKNOWLEDGED, "me", Set.of())).results()));
    }

    @Test
    void queuedAndDeferredAreAcceptedBeforeDelivery() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<DataEvent> got = new CopyOnWriteArrayList<>();
        sources(new Recipient() {
            @Override
            public String session() {
                return null;
            }

            @Override
            public boolean deliver(DataEvent event, Delivery delivery) {
                try {
                    release.await(); // holds the fan-out so the test can see the write acknowledged first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                got.add(event);
                return true;
            }
        });
        Publishing queued = publisher.publish(event("/q", Consistency.QUEUED, "me", Set.of()));
        Publishing deferred = publisher.publish(event("/d", Consistency.DEFERRED, "me", Set.of()));
        assertTrue(queued.accepted().isDone());
        assertTrue(deferred.accepted().isDone());
        assertFalse(deferred.results().isDone());
        assertTrue(got.isEmpty());
        release.countDown();
        assertEquals(1, await(deferred.results()).successful());
        assertEquals(1, await(queued.results()).successful());
        assertEquals(List.of("/q", "/d"), got.stream().map(DataEvent::path).toList());
    }

    @Test
    void onePublishersEventsArriveInOrderWhateverTheirLevels() throws Exception {
        Inbox inbox = new Inbox("s");
        sources(inbox);
        Consistency[] levels = Consistency.values();
        List<Promise<PublishResults>> all = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            all.add(publisher.publish(event("/o/" + i, levels[i % levels.length], "writer", Set.of())).results());
        }
        for (Promise<PublishResults> p : all) {
            await(p);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            expected.add("/o/" + i);
        }
        assertEquals(expected, inbox.events.stream().map(DataEvent::path).toList());
    }

    @Test
    void transactionalWaitsForAnotherNodeToHandItOnAndCountsItsRecipients() throws Exception {
        Inbox local = new Inbox("s1");
        Node node = new Node();
        sources(local, node);
        Publishing p = publisher.publish(event("/x", Consistency.TRANSACTIONAL, "me", Set.of()));
        assertEquals(1, local.events.size());
        assertEquals(1, node.events.size());
        assertFalse(p.accepted().isDone(), "the other node has not handed the event on yet");
        node.deliveries.get(0).report(new PublishResults(3, 2, 1, 1, 0));
        await(p.accepted());
        assertEquals(new PublishResults(4, 3, 1, 1, 0), await(p.results()));
    }

    @Test
    void acknowledgedCountsEveryRemoteRecipientsAcknowledgement() throws Exception {
        Inbox local = new Inbox("s1");
        Node b = new Node();
        Node c = new Node();
        sources(local, b, c);
        Publishing p = publisher.publish(event("/x", Consistency.ACKNOWLEDGED, "me", Set.of()));
        b.deliveries.get(0).report(new PublishResults(2, 2, 0, 0, 2));
        assertFalse(p.accepted().isDone(), "node c has not reported");
        c.deliveries.get(0).report(new PublishResults(1, 0, 1, 0, 0));
        assertEquals(new PublishResults(4, 3, 1, 0, 3), await(p.results()));
    }

    @Test
    void aNodeThatFailsOrNeverReportsCountsAsOneFailedRecipient() throws Exception {
        Node failing = new Node();
        Node silent = new Node();
        sources(failing, silent);
        Publishing p = publisher.publish(event("/x", Consistency.TRANSACTIONAL, "me", Set.of()));
        failing.deliveries.get(0).fail(new RuntimeException("node left"));
        assertEquals(new PublishResults(2, 0, 2, 0, 0), await(p.results())); // the 200 ms timeout ends the wait for the silent one
    }

    @Test
    void targetSessionsAreLeftToTheOtherNode() throws Exception {
        Inbox local = new Inbox("s1");
        Node node = new Node();
        sources(local, node);
        Publishing p = publisher.publish(event("/x", Consistency.TRANSACTIONAL, "me", Set.of("s-elsewhere")));
        assertEquals(1, node.events.size());
        node.deliveries.get(0).report(new PublishResults(1, 1, 0, 0, 0));
        assertEquals(new PublishResults(1, 1, 0, 0, 0), await(p.results()));
        assertTrue(local.events.isEmpty());
    }

    @Test
    void anEventFromAnotherNodeReachesOnlyThisNodesRecipients() throws Exception {
        Inbox a = new Inbox("s1");
        Inbox b = new Inbox("s2");
        b.autoAck = false;
        Node node = new Node();
        sources(a, node, b);
        assertEquals(new PublishResults(2, 2, 0, 0, 0), await(publisher.deliver(event("/x", Consistency.TRANSACTIONAL, "me", Set.of()))));
        Promise<PublishResults> acked = publisher.deliver(event("/y", Consistency.ACKNOWLEDGED, "me", Set.of("s2")));
        assertFalse(acked.isDone());
        b.deliveries.get(1).acknowledge();
        assertEquals(new PublishResults(1, 1, 0, 0, 1), await(acked));
        assertTrue(node.events.isEmpty(), "an event crosses one hop only");
    }

    @Test
    void eventsFromAnotherNodeKeepTheOrderTheyWereDeliveredIn() throws Exception {
        Inbox inbox = new Inbox("s");
        sources(inbox);
        Consistency[] levels = Consistency.values();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            await(publisher.deliver(event("/r/" + i, levels[i % levels.length], "writer-" + (i % 7), Set.of())));
            expected.add("/r/" + i);
        }
        assertEquals(expected, inbox.events.stream().map(DataEvent::path).toList());
    }
}
