package io.switchboard.publisher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.data.Consistency;
import io.switchboard.data.DataEvent;
import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.spi.EventPublisher.Publishing;
import io.switchboard.data.spi.StoredItem;
import io.switchboard.publisher.Delivery;
import io.switchboard.publisher.Recipient;
import io.switchboard.publisher.RecipientSource;

/** A publisher's lane is bounded: a publication that finds it full is refused with queue.full, never queued without end. */
class FullLaneTest {

    /** The lane's capacity when the publisher has no queue service (the publication queue's default). */
    private static final int CAPACITY = 50_000;

    @Test
    void aPublicationThatFindsItsLaneFullFailsWithQueueFull() throws Exception {
        PublisherImpl publisher = new PublisherImpl(200, 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        RecipientSource source = (DataEvent event, Consumer<Recipient> sink) -> sink.accept(new Recipient() {
            @Override
            public String session() {
                return null;
            }

            @Override
            public boolean deliver(DataEvent e, Delivery delivery) {
                holding.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // the lane's first fan-out holds it
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }
        });
        publisher.addSource(source);
        try {
            publisher.publish(event("/held", Consistency.QUEUED));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            for (int i = 1; i < CAPACITY; i++) { // the running one holds a place too
                publisher.publish(event("/q/" + i, Consistency.QUEUED));
            }
            Publishing refused = publisher.publish(event("/one-too-many", Consistency.QUEUED));
            assertTrue(refused.accepted().isDone(), "a QUEUED write stands");
            assertEquals("queue.full", failure(refused.results()).code(), "its publication says why it was not made");
            Publishing transactional = publisher.publish(event("/tx", Consistency.TRANSACTIONAL));
            assertEquals("queue.full", failure(transactional.accepted()).code());
        } finally {
            release.countDown();
            publisher.close();
        }
    }

    private static DataEvent event(String path, Consistency consistency) {
        StoredItem item = new StoredItem(path, JsonNodeFactory.instance.objectNode(), 1, 1, "writer", System.nanoTime());
        return DataEvent.set(item, WriteOptions.DEFAULTS.withConsistency(consistency).withOrigin("writer"), true);
    }

    private static SwitchboardException failure(Promise<?> promise) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        promise.onResolve(done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS), "promise did not resolve");
        Throwable cause = promise.getFailure();
        assertTrue(cause instanceof SwitchboardException, String.valueOf(cause));
        return (SwitchboardException) cause;
    }
}
