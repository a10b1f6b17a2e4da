package io.switchboard.itests.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.nio.file.Path;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.WriteOptions;
import io.switchboard.itests.support.FeatureOptions;
import io.switchboard.itests.support.TempFolder;

/**
 * Stopping the data bundle closes the persistent store; starting it again reopens the same file
 * under the runtime's home, with every document and its meta as they were.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DataRestartOsgiTest {

    @Inject
    private BundleContext context;

    @Inject
    private DataService data;

    @Configuration
    public Option[] config() throws IOException {
        Path home = TempFolder.untilExit("switchboard-data-restart-itest");
        return options(composite(FeatureOptions.of(home, "core")), junitBundles());
    }

    @Test
    public void documentsOutliveARestartOfTheDataBundle() throws Exception {
        ObjectNode document = (ObjectNode) new ObjectMapper().readTree("{\"kept\":true,\"n\":[1,2,3]}");
        Item written = data.set("/itest/restart/doc", document, WriteOptions.DEFAULTS.withOrigin("itest")).getValue().item().orElseThrow();

        Bundle bundle = FrameworkUtil.getBundle(data.getClass());
        bundle.stop();
        bundle.start();

        ServiceTracker<DataService, DataService> tracker = new ServiceTracker<>(context, DataService.class, null);
        tracker.open();
        try {
            DataService reopened = tracker.waitForService(10_000);
            assertNotNull("the data service came back", reopened);
            assertNotSame(data, reopened);
            Item read = reopened.get("/itest/restart/doc").getValue().orElseThrow();
            assertEquals(document, read.data());
            assertEquals(written.meta().created(), read.meta().created());
            assertEquals(written.meta().version(), read.meta().version());
            assertEquals("itest", read.meta().modifiedBy());
        } finally {
            tracker.close();
        }
    }
}
