package io.switchboard.itests.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.Consistency;
import io.switchboard.data.DataErrors;
import io.switchboard.data.DataEvent;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.PublishResults;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.itests.support.FeatureOptions;
import io.switchboard.itests.support.TempFolder;
import io.switchboard.subscription.EventType;
import io.switchboard.subscription.SubscribeOptions;
import io.switchboard.subscription.SubscriptionService;

/**
 * The data core in a real Felix booted from the core feature: the data and subscription services
 * as other bundles see them, on the default (persistent) provider.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DataCoreOsgiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private BundleContext context;

    @Inject
    private DataService data;

    @Inject
    private SubscriptionService subscriptions;

    @Configuration
    public Option[] config() throws IOException {
        Path home = TempFolder.untilExit("switchboard-data-itest");
        return options(composite(FeatureOptions.of(home, "core")), junitBundles());
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static <T> T value(Promise<T> promise) throws Exception {
        try {
            return promise.timeout(10_000).getValue();
        } catch (InvocationTargetException e) {
            throw new AssertionError("promise failed: " + e.getCause(), e.getCause());
        }
    }

    private static String failureCode(Promise<?> promise) throws Exception {
        Throwable failure = promise.timeout(10_000).getFailure();
        assertTrue("expected a SwitchboardException, got " + failure, failure instanceof SwitchboardException);
        return ((SwitchboardException) failure).code();
    }

    @Test
    public void thePersistentProviderIsTheDefaultAndKeepsItsFileUnderTheHomeDataFolder() throws Exception {
        ServiceReference<DataProvider> best = context.getServiceReference(DataProvider.class);
        assertEquals("mvstore", best.getProperty(DataProvider.NAME));
        value(data.set("/itest/persisted", json("{'x':1}")));
        Path file = Path.of(context.getProperty("switchboard.home"), "data", "switchboard.mv.db");
        assertTrue(file + " exists", Files.isRegularFile(file));
    }

    @Test
    public void setGetFindCountRemoveAndIncrement() throws Exception {
        value(data.set("/itest/crud/a", json("{'n':1,'tag':'x'}"), WriteOptions.DEFAULTS.withOrigin("itest")));
        value(data.set("/itest/crud/b", json("{'n':2}")));
        value(data.set("/itest/crud/a", json("{'more':true}"), WriteOptions.DEFAULTS.withMerge(true)));
        Item a = value(data.get("/itest/crud/a")).orElseThrow();
        assertEquals(json("{'n':1,'tag':'x','more':true}"), a.data());
        assertEquals("/itest/crud/a", a.meta().path());
        assertTrue(a.meta().modified() >= a.meta().created());

        List<Item> found = value(data.find("/itest/crud/*", Query.where(json("{'n':{'$gte':1}}")).withSort(Query.Sort.desc("n"))));
        assertEquals(List.of("/itest/crud/b", "/itest/crud/a"), found.stream().map(Item::path).toList());
        assertEquals(Long.valueOf(2), value(data.count("/itest/crud/**", null)));

        value(data.increment("/itest/crud/counter", "hits", 5, WriteOptions.DEFAULTS));
        value(data.increment("/itest/crud/counter", "hits", -2, WriteOptions.DEFAULTS));
        assertEquals(3, value(data.get("/itest/crud/counter")).orElseThrow().data().get("hits").intValue());

        assertEquals(3, value(data.remove("/itest/crud/*", WriteOptions.DEFAULTS)).removed());
        assertEquals(Long.valueOf(0), value(data.count("/itest/crud/**", null)));
    }

    @Test
    public void subscribersGetTheSnapshotThenLiveEventsAndOneEventPerWildcardRemove() throws Exception {
        value(data.set("/itest/live/1", json("{'v':1}")));
        BlockingQueue<DataEvent> events = new LinkedBlockingQueue<>();
        value(subscriptions.on("/itest/live/*", SubscribeOptions.DEFAULTS.withInitial(true), events::add));
        value(data.set("/itest/live/2", json("{'v':2}")));
        value(data.remove("/itest/live/*", WriteOptions.DEFAULTS));

        DataEvent initial = events.poll(10, TimeUnit.SECONDS);
        DataEvent live = events.poll(10, TimeUnit.SECONDS);
        DataEvent removed = events.poll(10, TimeUnit.SECONDS);
        assertTrue(initial.initial());
        assertEquals("/itest/live/1", initial.path());
        assertFalse(live.initial());
        assertEquals(json("{'v':2}"), live.data());
        assertEquals(DataEvent.Action.REMOVE, removed.action());
        assertEquals(json("{'removed':2}"), removed.data());
    }

    @Test
    public void acknowledgedWritesReportWhatEachSubscriberDid() throws Exception {
        value(subscriptions.on("/itest/ack", SubscribeOptions.DEFAULTS.withEventType(EventType.SET), event -> { }));
        value(subscriptions.on("/itest/ack", SubscribeOptions.DEFAULTS, event -> {
            throw new IllegalStateException("this subscriber fails on purpose");
        }));
        PublishResults results = value(value(data.set("/itest/ack", json("{}"),
                WriteOptions.DEFAULTS.withConsistency(Consistency.ACKNOWLEDGED))).published());
        assertEquals(2, results.queued());
        assertEquals(1, results.acknowledged());
        assertEquals(1, results.failed());
    }

    @Test
    public void badInputFailsWithItsOwnCodeAndChangesNothing() throws Exception {
        value(data.set("/itest/bad", json("{'keep':true}")));
        assertEquals(DataErrors.INVALID_PATH, failureCode(data.set("itest/bad", json("{}"))));
        assertEquals(DataErrors.WILDCARD_IN_PATH, failureCode(data.set("/itest/*", json("{}"))));
        assertEquals(DataErrors.UNKNOWN_OPERATOR, failureCode(data.find("/itest/*", Query.where(json("{'a':{'$where':1}}")))));
        assertEquals(DataErrors.INVALID_REGEX, failureCode(data.find("/itest/*", Query.where(json("{'a':{'$regex':'['}}")))));
        assertEquals(SubscriptionService.INVALID_OPTION, failureCode(subscriptions.on("/itest/*", SubscribeOptions.DEFAULTS.withCount(-1), e -> { })));
        assertEquals(json("{'keep':true}"), value(data.get("/itest/bad")).orElseThrow().data());
    }
}
