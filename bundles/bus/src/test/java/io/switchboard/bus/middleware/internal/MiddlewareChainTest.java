package io.switchboard.bus.middleware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.internal.BusConfig;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.memory.MemoryDriver;
import io.switchboard.bus.middleware.BusMessage;
import io.switchboard.bus.middleware.BusMiddleware;
import io.switchboard.bus.middleware.Rejection;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.data.PublishResults;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.data.spi.EventPublisher.Publishing;

/** The chain through the bus: order both ways, rejection, a link that throws or hangs, compression and the producer's identity. */
class MiddlewareChainTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private BusCore bus;
    private MiddlewareChain chain;
    private final CountDownLatch release = new CountDownLatch(1);
    private long nextId = 100;

    @SuppressWarnings("unchecked")
    static <T> T config(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(MiddlewareChainTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    @BeforeEach
    void start() throws Exception {
        DataServiceImpl data = new DataServiceImpl(1 << 20, event -> new Publishing(Promises.resolved(null), Promises.resolved(PublishResults.NONE)));
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        bus = new BusCore(data, config(BusConfig.class, Map.of("defaultDriver", "memory")), Clock.systemUTC(), false);
        bus.addDriver(new MemoryDriver(), Map.of(BusDriver.NAME, "memory"));
        bus.putTopic("t", bus.settingsFrom("t", JSON.readTree("{}")));
        chain = new MiddlewareChain(config(MiddlewareConfig.class, Map.of("linkTimeoutMillis", 300L, "compressAboveBytes", 1024)));
        add(new ProducerIdentity(), 10_000, "producer-identity");
        add(new PayloadCompression(chain), -10_000, "compression");
        bus.setMiddleware(chain);
    }

    @AfterEach
    void stop() {
        release.countDown();
        chain.deactivate();
    }

    private void add(BusMiddleware link, int ranking, String name) {
        chain.addLink(link, Map.of(Constants.SERVICE_RANKING, ranking, Constants.SERVICE_ID, nextId++, BusMiddleware.NAME, name));
    }

    private static Outgoing message(String json, Map<String, String> headers) {
        return new Outgoing(json.getBytes(StandardCharsets.UTF_8), Outgoing.DEFAULT_PRIORITY, null, null, 0, headers);
    }

    private Delivery leaseOne() {
        List<Delivery> leased = bus.lease("t", "g", "c", 10, Duration.ofMinutes(1));
        assertEquals(1, leased.size());
        return leased.get(0);
    }

    private long depth() {
        return bus.topic("t").orElseThrow().depth();
    }

    /** A custom link that appends its name to the header "trail" both ways. */
    private static BusMiddleware trail(String name) {
        return new BusMiddleware() {
            @Override
            public BusMessage beforeStore(BusMessage message) {
                return message.withHeaders(append(message.headers(), "in", name));
            }

            @Override
            public BusMessage afterDelivery(BusMessage message) {
                return message.withHeaders(append(message.headers(), "out", name));
            }
        };
    }

    private static Map<String, String> append(Map<String, String> headers, String key, String name) {
        Map<String, String> changed = new HashMap<>(headers);
        changed.merge(key, name, (a, b) -> a + "," + b);
        return changed;
    }

    @Test
    void linksRunByRankingBeforeStorageAndInReverseAfterDelivery() {
        add(trail("low"), 1, "low");
        add(trail("high"), 5, "high");
        bus.publishAs("t", message("{}", Map.of()), "alice");
        Delivery delivery = leaseOne();
        assertEquals("high,low", delivery.headers().get("in"));
        assertEquals("low,high", delivery.headers().get("out"));
        assertEquals(List.of("producer-identity", "high", "low", "compression"), chain.links().stream().map(MiddlewareChain.Link::name).toList());
    }

    @Test
    void theProducerIsRecordedAndCannotBeForged() {
        bus.publishAs("t", message("{}", Map.of(ProducerIdentity.HEADER, "mallory")), "service:abc");
        assertEquals("service:abc", leaseOne().headers().get(ProducerIdentity.HEADER));
    }

    @Test
    void aRejectionReachesTheProducerWithItsReasonAndNothingIsStored() {
        add(new BusMiddleware() {
            @Override
            public BusMessage beforeStore(BusMessage message) throws Rejection {
                throw new Rejection("orders over 1000 need approval");
            }
        }, 0, "approval");
        SwitchboardException refused = assertThrows(SwitchboardException.class, () -> bus.publishAs("t", message("{}", Map.of()), "alice"));
        assertEquals(BusErrors.MIDDLEWARE_REJECTED, refused.code());
        assertTrue(refused.getMessage().contains("'approval'") && refused.getMessage().contains("orders over 1000 need approval"), refused.getMessage());
        assertEquals(0, depth());
    }

    @Test
    void aLinkThatThrowsIsReportedAndTheProducerKeepsItsMessage() {
        add(new BusMiddleware() {
            @Override
            public BusMessage beforeStore(BusMessage message) {
                throw new IllegalStateException("bug in the link");
            }
        }, 0, "buggy");
        SwitchboardException failed = assertThrows(SwitchboardException.class, () -> bus.publishAs("t", message("{}", Map.of()), "alice"));
        assertEquals(BusErrors.MIDDLEWARE_FAILED, failed.code());
        assertFalse(failed.getMessage().contains("IllegalStateException"), "no Java class names for the client: " + failed.getMessage());
        assertEquals(0, depth());
        assertEquals(1, chain.links().stream().filter(link -> link.name().equals("buggy")).findFirst().orElseThrow().failed());
    }

    @Test
    void aLinkThatHangsIsTimedOutAndTheNextPublishWorksOnceItLeaves() throws Exception {
        BusMiddleware hanging = new BusMiddleware() {
            @Override
            public BusMessage beforeStore(BusMessage message) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return message;
            }
        };
        add(hanging, 0, "slow");
        long started = System.nanoTime();
        assertEquals(BusErrors.MIDDLEWARE_TIMEOUT, assertThrows(SwitchboardException.class, () -> bus.publishAs("t", message("{}", Map.of()), "alice")).code());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000);
        assertEquals(0, depth());
        chain.removeLink(hanging, Map.of(BusMiddleware.NAME, "slow"));
        bus.publishAs("t", message("{}", Map.of()), "alice");
        assertEquals(1, depth());
    }

    @Test
    void aLinkThatFailsOnDeliveryIsLeftOutAndTheMessageIsDelivered() {
        add(new BusMiddleware() {
            @Override
            public BusMessage afterDelivery(BusMessage message) {
                throw new IllegalStateException("broken");
            }
        }, 0, "broken-out");
        bus.publishAs("t", message("{\"a\":1}", Map.of()), "alice");
        assertEquals("{\"a\":1}", new String(leaseOne().payload(), StandardCharsets.UTF_8));
    }

    @Test
    void largePayloadsAreStoredCompressedAndDeliveredAsSent() {
        String large = "{\"text\": \"" + "abc".repeat(2_000) + "\"}";
        bus.publishAs("t", message(large, Map.of()), "alice");
        bus.publishAs("t", message("{\"small\": true}", Map.of()), "alice");
        List<Delivery> leased = bus.lease("t", "g", "c", 10, Duration.ofMinutes(1));
        assertEquals(large, new String(leased.get(0).payload(), StandardCharsets.UTF_8));
        assertNull(leased.get(0).headers().get(PayloadCompression.HEADER), "consumers never see the encoding");
        assertEquals("{\"small\": true}", new String(leased.get(1).payload(), StandardCharsets.UTF_8));

        bus.nack(leased.get(0).id(), "g", "c", Duration.ZERO);
        bus.setMiddleware(null); // what the driver holds
        Delivery raw = bus.lease("t", "g", "c", 1, Duration.ofMinutes(1)).get(0);
        assertEquals("gzip", raw.headers().get(PayloadCompression.HEADER));
        assertTrue(raw.payload().length < large.length() / 10, "stored " + raw.payload().length + " bytes of " + large.length());
    }
}
