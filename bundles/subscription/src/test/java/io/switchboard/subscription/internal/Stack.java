package io.switchboard.subscription.internal;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.DataEvent;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.publisher.internal.PublisherImpl;
import io.switchboard.subscription.EventHandler;

/** The three services wired as DS would wire them, over a memory provider. */
final class Stack implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final PublisherImpl publisher = new PublisherImpl(500, 2, 16);
    final DataServiceImpl data = new DataServiceImpl(1024 * 1024, publisher);
    final SubscriptionIndex index = new SubscriptionIndex();
    final SubscriptionServiceImpl subscriptions = new SubscriptionServiceImpl(data, index, 2);

    Stack() {
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        publisher.addSource(index);
    }

    @Override
    public void close() {
        subscriptions.close();
        publisher.close();
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static <T> T value(Promise<T> promise) {
        CountDownLatch done = new CountDownLatch(1);
        promise.onResolve(done::countDown);
        try {
            if (!done.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("promise did not resolve in time");
            }
            return promise.getValue();
        } catch (InvocationTargetException e) {
            throw new AssertionError("promise failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A handler that records events and lets a test wait for a number of them. */
    static final class Recorder implements EventHandler {
        final List<DataEvent> events = new CopyOnWriteArrayList<>();
        private final Object lock = new Object();

        @Override
        public void handle(DataEvent event) {
            synchronized (lock) {
                events.add(event);
                lock.notifyAll();
            }
        }

        /** Waits until at least n events arrived, then returns the first n. */
        List<DataEvent> await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            synchronized (lock) {
                while (events.size() < n) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("expected " + n + " events, got " + events.size() + ": " + events);
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            }
            return events.subList(0, n);
        }

        List<String> paths() {
            return events.stream().map(DataEvent::path).toList();
        }
    }
}
