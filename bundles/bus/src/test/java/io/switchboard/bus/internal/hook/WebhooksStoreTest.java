package io.switchboard.bus.internal.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.internal.BusConfig;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.TestClock;
import io.switchboard.bus.internal.memory.MemoryDriver;
import io.switchboard.bus.internal.route.RoutingRules;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;

/** Subscriptions and rules outlive a restart (they are in the store); WebSub leases end at their time on the bus's clock. */
class WebhooksStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = new TestClock();
    private DataServiceImpl data;
    private BusCore bus;
    private Webhooks hooks;

    @SuppressWarnings("unchecked")
    static <T> T defaults(Class<T> type, Map<String, Object> overrides) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> overrides.containsKey(method.getName()) ? overrides.get(method.getName()) : method.getDefaultValue());
    }

    @BeforeEach
    void start() {
        data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        bus = new BusCore(data, defaults(BusConfig.class, Map.of("defaultDriver", "memory")), clock, false);
        bus.addDriver(new MemoryDriver(), Map.of(BusDriver.NAME, "memory"));
        bus.putTopic("orders", TopicSettings.defaults("memory"));
        bus.putTopic("big", TopicSettings.defaults("memory"));
        hooks = restarted();
    }

    private Webhooks restarted() {
        return new Webhooks(bus, data, defaults(HooksConfig.class, Map.of()), false);
    }

    @AfterEach
    void stop() {
        hooks.deactivate();
    }

    @Test
    void aWebhookOutlivesARestartWithItsSecretAndFilter() throws Exception {
        Subscription made = hooks.createWebhook("orders", JSON.readTree("{\"group\": \"g\", \"callback\": \"http://127.0.0.1:9/in\","
                + " \"secret\": \"0123456789abcdef\", \"filter\": {\"jsonPath\": \"$.a\"}}"));
        hooks.deactivate();
        hooks = restarted();
        Subscription read = hooks.get("orders", made.id());
        assertEquals("0123456789abcdef", read.secret());
        assertEquals("http://127.0.0.1:9/in", read.callback());
        assertEquals("$.a", read.filter().json().path("jsonPath").asText());
        assertTrue(hooks.remove(made.id()));
        hooks.deactivate();
        hooks = restarted();
        assertEquals(BusErrors.UNKNOWN_SUBSCRIPTION, assertThrows(SwitchboardException.class, () -> hooks.get("orders", made.id())).code());
    }

    @Test
    void aWebSubLeaseEndsAtItsTimeOnTheBusClock() {
        long now = clock.millis();
        hooks.put(new Subscription("ws1", Subscription.Kind.WEBSUB, "orders", "websub-ws1", "http://127.0.0.1:9/cb", null, null, now, now + 60_000,
                "http://h/api/bus/topics/orders", "http://h/api/bus/hub"));
        clock.advance(Duration.ofMillis(59_999));
        hooks.tick();
        assertTrue(hooks.get("ws1").isPresent(), "not yet");
        clock.advance(Duration.ofMillis(1));
        hooks.tick();
        assertTrue(hooks.get("ws1").isEmpty(), "ran out");
        hooks.deactivate();
        hooks = restarted();
        assertTrue(hooks.get("ws1").isEmpty(), "and is gone from the store");
    }

    @Test
    void aRoutingRuleOutlivesARestart() throws Exception {
        RoutingRules rules = new RoutingRules(bus, hooks, data);
        rules.put("orders", "big", JSON.readTree("{\"filter\": {\"jsonPath\": \"$[?(@.total > 100)]\"}, \"target\": \"big\"}"), target -> { });
        RoutingRules again = new RoutingRules(bus, hooks, data);
        assertEquals("big", again.get("orders", "big").target());
        assertEquals(java.util.List.of("big"), again.targets(JSON.readTree("{\"total\": 500}")));
        assertEquals(java.util.List.of(), again.targets(JSON.readTree("{\"total\": 5}")));
    }
}
