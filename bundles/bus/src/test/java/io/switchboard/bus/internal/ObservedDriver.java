package io.switchboard.bus.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.bus.spi.TopicQueue;
import io.switchboard.system.health.HealthStatus;

/**
 * A driver whose queues tell a test each call made to them (the method), then do what the wrapped
 * driver's queue does: for tests that count how the bus uses its drivers.
 */
public record ObservedDriver(BusDriver inner, Consumer<Method> calls) implements BusDriver {

    @Override
    public TopicQueue open(String topic, TopicSettings settings) {
        TopicQueue queue = inner.open(topic, settings);
        return (TopicQueue) Proxy.newProxyInstance(TopicQueue.class.getClassLoader(), new Class<?>[] {TopicQueue.class}, (proxy, method, args) -> {
            calls.accept(method);
            try {
                return method.invoke(queue, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Override
    public void delete(String topic) {
        inner.delete(topic);
    }

    @Override
    public HealthStatus health() {
        return inner.health();
    }
}
