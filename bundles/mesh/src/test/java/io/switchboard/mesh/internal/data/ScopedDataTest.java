package io.switchboard.mesh.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.PromiseFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.data.DataService;
import io.switchboard.mesh.internal.exchange.Conversion;

/** A component's data writes take the same road as everything else that leaves it: as bounded data. */
class ScopedDataTest {

    @Test
    void aValueThatRefersToItselfIsRefusedBeforeItReachesTheStore() throws Exception {
        AtomicInteger reached = new AtomicInteger();
        DataService store = (DataService) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataService.class}, (proxy, method, args) -> {
                    reached.incrementAndGet();
                    throw new UnsupportedOperationException(method.getName());
                });
        ScopedData data = new ScopedData("sensor", () -> store, Origin::system, new ObjectMapper(),
                new PromiseFactory(PromiseFactory.inlineExecutor(), Executors.newSingleThreadScheduledExecutor()), new Conversion());
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("self", loop);
        for (Throwable failure : new Throwable[] {data.set("/a", loop).getFailure(), data.publish("/a", loop).getFailure()}) {
            assertEquals(MeshErrors.BAD_PAYLOAD, assertInstanceOf(SwitchboardException.class, failure).code(), String.valueOf(failure));
        }
        assertEquals(0, reached.get(), "nothing reached the store");
    }
}
