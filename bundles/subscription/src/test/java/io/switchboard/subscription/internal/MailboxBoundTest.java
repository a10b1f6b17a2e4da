package io.switchboard.subscription.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.switchboard.data.Consistency;
import io.switchboard.data.PublishResults;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.memory.MemoryProvider;
import io.switchboard.data.spi.DataProvider;
import io.switchboard.publisher.internal.PublisherImpl;
import io.switchboard.subscription.SubscribeOptions;

/** A subscription's mailbox is a bounded lane: a handler that falls behind is refused events, and the writer is told. */
class MailboxBoundTest {

    @Test
    void aFullMailboxRefusesTheEventAndTheWriterSeesItFailed() throws Exception {
        PublisherImpl publisher = new PublisherImpl(500, 2, 4);
        DataServiceImpl data = new DataServiceImpl(1024 * 1024, publisher);
        data.addProvider(new MemoryProvider(), Map.of(DataProvider.PATTERNS, "/**"));
        SubscriptionIndex index = new SubscriptionIndex();
        publisher.addSource(index);
        SubscriptionServiceImpl subscriptions = new SubscriptionServiceImpl(data, index, 1, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch handling = new CountDownLatch(1);
        try {
            Stack.value(subscriptions.on("/slow/*", SubscribeOptions.DEFAULTS, event -> {
                handling.countDown();
                release.await(10, TimeUnit.SECONDS); // a handler that stops keeping up
            }));
            WriteOptions acknowledged = WriteOptions.DEFAULTS.withConsistency(Consistency.ACKNOWLEDGED);
            data.set("/slow/0", Stack.json("{'n':0}"), WriteOptions.DEFAULTS);
            assertTrue(handling.await(10, TimeUnit.SECONDS), "the first event is being handled");
            data.set("/slow/1", Stack.json("{'n':1}"), WriteOptions.DEFAULTS); // waits: the mailbox holds 2, one running
            PublishResults refused = Stack.value(Stack.value(data.set("/slow/2", Stack.json("{'n':2}"), acknowledged)).published());
            assertEquals(1, refused.failed(), "the third event found the mailbox full: refused, and counted as failed");
            assertEquals(0, refused.successful());
        } finally {
            release.countDown();
            subscriptions.close();
            publisher.close();
        }
    }
}
