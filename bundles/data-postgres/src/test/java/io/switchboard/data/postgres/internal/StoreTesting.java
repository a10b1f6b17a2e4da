package io.switchboard.data.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.postgres.testing.PostgresServer;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher;

/** A data service over a PostgreSQL provider as a runtime has it, and the helpers to read results. */
final class StoreTesting {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventPublisher NO_SUBSCRIBERS = event -> new EventPublisher.Publishing(Promises.resolved(null),
            Promises.resolved(PublishResults.NONE));

    private StoreTesting() {
    }

    static StoreSettings settings(PostgresServer server) {
        return new StoreSettings(server.url(), server.password(), 4, 2000, 30000);
    }

    /** The data service of one runtime ("node"), with this provider as its only store. */
    static DataServiceImpl dataService(DataProvider provider) {
        DataServiceImpl data = new DataServiceImpl(1 << 20, NO_SUBSCRIBERS);
        data.addProvider(provider, Map.of(DataProvider.PATTERNS, "/**"));
        return data;
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static <T> T value(Promise<T> promise) {
        try {
            return promise.getValue();
        } catch (InvocationTargetException e) {
            throw new AssertionError("promise failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts that the promise failed with this code, and returns the failure. */
    static SwitchboardException failure(Promise<?> promise, String code) {
        try {
            Throwable failure = promise.getFailure();
            if (!(failure instanceof SwitchboardException e)) {
                return fail("expected failure " + code + " but got " + failure);
            }
            assertEquals(code, e.code(), e.getMessage());
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
