package io.switchboard.bus.internal.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.WebhookInfo;
import io.switchboard.bus.internal.BusConfig;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.TestClock;
import io.switchboard.bus.internal.memory.MemoryDriver;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;

/** Operators read the webhook and WebSub subscriptions through the Bus API ({@code Bus.webhooks()}), never a secret or a callback's query. */
class HookInfoTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBusShowsEverySubscriptionWithoutSecretsWhileTheHooksRun() throws Exception {
        TestClock clock = new TestClock();
        DataServiceImpl data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        BusCore bus = new BusCore(data, WebhooksStoreTest.defaults(BusConfig.class, Map.of("defaultDriver", "memory")), clock, false);
        bus.addDriver(new MemoryDriver(), Map.of(BusDriver.NAME, "memory"));
        bus.putTopic("orders", TopicSettings.defaults("memory"));
        Webhooks hooks = new Webhooks(bus, data, WebhooksStoreTest.defaults(HooksConfig.class, Map.of()), false);
        try {
            Subscription made = hooks.createWebhook("orders", JSON.readTree("{\"group\": \"g\", \"callback\": "
                    + "\"http://127.0.0.1:9/in?token=s3cret\", \"secret\": \"0123456789abcdef\"}"));
            long now = clock.millis();
            hooks.put(new Subscription("ws1", Subscription.Kind.WEBSUB, "orders", "websub-ws1", "http://127.0.0.1:9/cb", null, null, now + 1,
                    now + 60_000, "http://h/api/bus/topics/orders", "http://h/api/bus/hub"));

            List<WebhookInfo> shown = bus.webhooks();
            assertEquals(2, shown.size());
            WebhookInfo webhook = shown.get(0);
            assertEquals(new WebhookInfo(made.id(), "webhook", "orders", "g", "http://127.0.0.1:9/in", "new", 0, 0, 0, 0, 0, 0, null, 0, 0), webhook);
            WebhookInfo websub = shown.get(1);
            assertEquals("websub", websub.kind());
            assertEquals(now + 60_000, websub.expiresAt());
        } finally {
            hooks.deactivate();
        }
        assertEquals(List.of(), bus.webhooks(), "stopped: nothing shown");
    }

    @Test
    void aCallbacksUserInfoQueryAndFragmentAreNeverShown() {
        assertEquals("https://hooks.example:8443/a/b", HookInfo.shown("https://user:pw@hooks.example:8443/a/b?sig=x#y"));
        assertEquals("(not shown: not a URL)", HookInfo.shown("http://bad host/"));
    }
}
