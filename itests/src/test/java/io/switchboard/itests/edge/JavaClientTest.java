package io.switchboard.itests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.switchboard.itests.support.ClientPromises.await;
import static io.switchboard.itests.support.ClientPromises.errorCode;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.client.ClientOptions;
import io.switchboard.client.ClientSubscription;
import io.switchboard.client.ConnectionEvent;
import io.switchboard.client.RemoteEvent;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.subscription.SubscribeOptions;

/** The Java client against the real distribution, including a server restart in the middle. */
class JavaClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = RuntimeProcess.testEnv("core,edge");

    @TempDir
    Path work;

    private static ClientOptions options(int port) {
        return ClientOptions.to(URI.create("ws://127.0.0.1:" + port + "/api/ws")).withName("itest")
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(500)).withRequestTimeout(Duration.ofSeconds(10));
    }

    private static ObjectNode doc(String field, int value) {
        return JSON.createObjectNode().put(field, value);
    }

    @Test
    void theDataApiWorksThroughTheClientWithTheInJvmOptions() throws Exception {
        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.start(work.resolve("home"), port, ENV).awaitReady();
             SwitchboardClient client = await(SwitchboardClient.connect(options(port)));
             SwitchboardClient other = await(SwitchboardClient.connect(options(port)))) {
            BlockingQueue<RemoteEvent> events = new LinkedBlockingQueue<>();
            ClientSubscription subscription = await(other.on("/jc/**", SubscribeOptions.DEFAULTS, events::add));

            Item stored = await(client.set("/jc/a", doc("n", 1))).orElseThrow();
            assertEquals("/jc/a", stored.path());
            await(client.set("/jc/a", JSON.createObjectNode().put("name", "a"), WriteOptions.DEFAULTS.withMerge(true)));
            await(client.set("/jc/b", doc("n", 7)));
            Item merged = await(client.get("/jc/a")).orElseThrow();
            assertEquals(1, merged.data().get("n").asInt());
            assertEquals("a", merged.data().get("name").asText());

            List<Item> found = await(client.find("/jc/*", Query.ALL.withSort(Query.Sort.desc("n")).withLimit(1)));
            assertEquals("/jc/b", found.get(0).path());
            ObjectNode criteria = JSON.createObjectNode();
            criteria.putObject("n").put("$gt", 1);
            assertEquals(1L, await(client.count("/jc/*", criteria)));
            assertEquals(8, await(client.increment("/jc/b", "n", 1)).orElseThrow().data().get("n").asInt());
            await(client.publish("/jc/news", doc("v", 1), WriteOptions.DEFAULTS));
            assertTrue(await(client.get("/jc/news")).isEmpty());
            assertEquals(2L, await(client.remove("/jc/*", WriteOptions.DEFAULTS)));

            List<String> seen = List.of("set /jc/a", "set /jc/a", "set /jc/b", "set /jc/b", "set /jc/news", "remove /jc/*");
            for (String expected : seen) {
                RemoteEvent event = events.poll(10, TimeUnit.SECONDS);
                assertEquals(expected, event.action() + " " + event.path());
            }
            assertTrue(await(other.off(subscription)));
            await(client.set("/jc/c", doc("n", 3)));
            assertEquals(null, events.poll(300, TimeUnit.MILLISECONDS), "no events after off");

            assertEquals("data.wildcard-in-path", errorCode(client.set("/jc/*", doc("n", 1))));
            runtime.stop();
        }
    }

    @Test
    void itReconnectsByItselfAndRestoresSubscriptionsAfterAServerRestart() throws Exception {
        int port = FreePort.pick();
        Path home = work.resolve("home");
        RuntimeProcess first = RuntimeProcess.start(home, port, ENV).awaitReady();
        try (SwitchboardClient client = await(SwitchboardClient.connect(options(port)))) {
            BlockingQueue<ConnectionEvent> connection = new LinkedBlockingQueue<>();
            client.onConnectionEvent(connection::add);
            BlockingQueue<RemoteEvent> events = new LinkedBlockingQueue<>();
            await(client.on("/restart/**", SubscribeOptions.DEFAULTS, events::add));
            String firstSession = client.sessionId();

            assertEquals(0, first.stop());
            assertEquals(ConnectionEvent.Type.DISCONNECTED, connection.poll(20, TimeUnit.SECONDS).type());
            assertEquals("client.disconnected", errorCode(client.get("/restart/x")), "requests fail fast while away");

            try (RuntimeProcess second = RuntimeProcess.start(home, port, ENV).awaitReady();
                 SwitchboardClient writer = await(SwitchboardClient.connect(options(port)))) {
                ConnectionEvent back = connection.poll(30, TimeUnit.SECONDS);
                assertEquals(ConnectionEvent.Type.RECONNECTED, back.type());
                assertTrue(back.detail().contains("missed"), "it says that events were missed: " + back.detail());
                assertFalse(firstSession.equals(client.sessionId()), "a new session");

                await(writer.set("/restart/x", doc("n", 1)));
                RemoteEvent event = events.poll(10, TimeUnit.SECONDS);
                assertEquals("/restart/x", event.path(), "the restored subscription delivers");
                assertEquals(1, await(client.get("/restart/x")).orElseThrow().data().get("n").asInt());
                second.stop();
            }
        } finally {
            first.close();
        }
    }

    @Test
    void connectingToNothingFailsClearly() throws Exception {
        Promise<SwitchboardClient> connecting = SwitchboardClient.connect(options(FreePort.pick()));
        assertEquals("client.connect-failed", errorCode(connecting));
    }
}
