package io.switchboard.cluster.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cluster.internal.call.CallTransport;
import io.switchboard.cluster.internal.link.CallHandler;
import io.switchboard.cluster.internal.link.Frames;
import io.switchboard.cluster.internal.link.Reply;
import io.switchboard.data.Consistency;
import io.switchboard.data.DataEvent;
import io.switchboard.data.PublishResults;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.spi.StoredItem;
import io.switchboard.mesh.Instance;
import io.switchboard.publisher.Delivery;
import io.switchboard.publisher.LocalDelivery;
import io.switchboard.publisher.Recipient;
import io.switchboard.subscription.EventHandler;
import io.switchboard.subscription.EventType;
import io.switchboard.subscription.SubscribeOptions;
import io.switchboard.subscription.SubscribedPattern;
import io.switchboard.subscription.Subscription;
import io.switchboard.subscription.SubscriptionService;

/**
 * Three nodes' data parts wired by an in-memory "link" that can hold back answers and reorder
 * deliveries: a data event reaches the nodes with a matching pattern only, in order, and their
 * counts come back; a new pattern is taken by every node before the subscription is made.
 */
class ClusterDataTest {

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());

    /** One node: its subscriptions (patterns only), what its subscribers were handed, and its data part. */
    private final class Node implements LocalDelivery, SubscriptionService {
        final String name;
        final Set<SubscribedPattern> patterns = new CopyOnWriteArraySet<>();
        final List<DataEvent> delivered = new CopyOnWriteArrayList<>();
        PublishResults answer = new PublishResults(2, 2, 0, 0, 0);
        final ClusterData data;
        CallHandler handler;

        Node(String name) {
            this.name = name;
            this.data = new ClusterData(this, this, name, Clock.systemUTC());
            this.handler = data.handler((from, payload, responder) -> responder.answer(Frames.FAILURE, new byte[0]));
        }

        void attach() {
            data.attach(transport(name), () -> nodes.keySet().stream().filter(n -> !n.equals(name) && !down.contains(n)).toList(), () -> { });
        }

        /** The publisher on this node: every recipient the cluster's source yields for the event. */
        List<Recipient> recipients(DataEvent event) {
            List<Recipient> recipients = new ArrayList<>();
            data.recipients().collect(event, recipients::add);
            return recipients;
        }

        @Override
        public Promise<PublishResults> deliver(DataEvent event) {
            delivered.add(event);
            return PROMISES.resolved(answer);
        }

        @Override
        public Set<SubscribedPattern> patterns() {
            return Set.copyOf(patterns);
        }

        @Override
        public Promise<Subscription> on(String pattern, SubscribeOptions options, EventHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Promise<Boolean> off(String subscriptionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Promise<Boolean> off(String session, String subscriptionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Promise<Integer> offPattern(String session, String pattern) {
            throw new UnsupportedOperationException();
        }
    }

    private final Map<String, Node> nodes = new HashMap<>();
    private final Set<String> down = new CopyOnWriteArraySet<>();
    /** Payloads held back (the link is slow), released by the test in any order. */
    private final List<Runnable> held = new CopyOnWriteArrayList<>();
    private volatile boolean holding;

    private CallTransport transport(String from) {
        return (to, payload) -> {
            if (down.contains(to)) {
                return PROMISES.failed(new SwitchboardException(Instance.GONE, "node " + to + " could not be reached"));
            }
            Deferred<Reply> reply = PROMISES.deferred();
            Runnable send = () -> nodes.get(to).handler.handle(from, payload, new CallHandler.Responder() {
                @Override
                public void ack() {
                }

                @Override
                public void answer(byte type, byte[] answer) {
                    reply.resolve(new Reply(type, answer));
                }
            });
            if (holding && payload[0] == DataCodec.EVENT) {
                held.add(send);
            } else {
                send.run();
            }
            return reply.getPromise();
        };
    }

    private Node node(String name) {
        Node node = new Node(name);
        nodes.put(name, node);
        return node;
    }

    @AfterEach
    void close() {
        nodes.values().forEach(node -> node.data.close());
    }

    private static DataEvent set(String path, long version) {
        return DataEvent.set(new StoredItem(path, JsonNodeFactory.instance.objectNode().put("v", version), 1, 1, "user:w", version),
                WriteOptions.DEFAULTS.withConsistency(Consistency.ACKNOWLEDGED), true);
    }

    /** A delivery that keeps what the other node reported. */
    private static final class Receipt implements Delivery {
        final List<Object> reports = new CopyOnWriteArrayList<>();

        @Override
        public void acknowledge() {
            reports.add("ack");
        }

        @Override
        public void fail(Throwable cause) {
            reports.add(cause);
        }

        @Override
        public void report(PublishResults results) {
            reports.add(results);
        }
    }

    @Test
    void anEventReachesOnlyTheNodesWithAMatchingPatternAndTheirCountsComeBack() {
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        nodes.values().forEach(Node::attach);
        b.patterns.add(new SubscribedPattern("/d/**", EventType.ALL));
        c.patterns.add(new SubscribedPattern("/other/*", EventType.ALL));
        assertTrue(b.data.patternsChanged().isDone(), "every node took b's pattern at once");
        c.data.patternsChanged();

        List<Recipient> recipients = a.recipients(set("/d/1", 1));
        assertEquals(1, recipients.size(), "one recipient for node b, none for c");
        Receipt receipt = new Receipt();
        assertTrue(recipients.get(0).deliver(set("/d/1", 1), receipt));
        assertEquals(List.of(set("/d/1", 1)), b.delivered);
        assertEquals(List.of(), c.delivered, "nothing is broadcast");
        assertEquals(List.of(new PublishResults(2, 2, 0, 0, 0)), receipt.reports, "b's counts for its two subscribers");
        assertEquals(List.of(), a.recipients(set("/nowhere", 2)));
    }

    @Test
    void eventsFromOneNodeReachTheOtherInTheOrderTheyWereSentWhateverOrderTheyArriveIn() {
        Node a = node("a");
        Node b = node("b");
        nodes.values().forEach(Node::attach);
        b.patterns.add(new SubscribedPattern("/r/*", EventType.SET));
        b.data.patternsChanged();
        holding = true;
        Recipient toB = a.recipients(set("/r/0", 0)).get(0);
        List<Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Receipt receipt = new Receipt();
            receipts.add(receipt);
            toB.deliver(set("/r/" + i, i), receipt);
        }
        List<Runnable> arrivals = new ArrayList<>(held);
        Collections.shuffle(arrivals, new java.util.Random(12));
        arrivals.forEach(Runnable::run);
        assertEquals(20, b.delivered.size());
        for (int i = 0; i < 20; i++) {
            assertEquals("/r/" + i, b.delivered.get(i).path());
            assertEquals(1, receipts.get(i).reports.size());
        }
    }

    @Test
    void aNodeThatCannotBeReachedFailsItsDeliveryAndDoesNotHoldUpSubscribing() {
        Node a = node("a");
        Node b = node("b");
        nodes.values().forEach(Node::attach);
        b.patterns.add(new SubscribedPattern("/x", EventType.ALL));
        b.data.patternsChanged();
        Recipient toB = a.recipients(set("/x", 1)).get(0);
        down.add("b");
        Receipt receipt = new Receipt();
        toB.deliver(set("/x", 1), receipt);
        assertTrue(receipt.reports.get(0) instanceof SwitchboardException failure && failure.code().equals(Instance.GONE), receipt.reports.toString());

        down.clear();
        down.add("a");
        b.patterns.add(new SubscribedPattern("/y", EventType.ALL));
        assertTrue(b.data.patternsChanged().isDone(), "a node that cannot be reached does not hold up a subscription");
        assertFalse(a.recipients(set("/y", 2)).size() > 0, "a did not hear of /y (it will from b's record)");
    }
}
