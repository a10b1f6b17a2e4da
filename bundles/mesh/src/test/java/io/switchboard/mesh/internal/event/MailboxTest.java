package io.switchboard.mesh.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.switchboard.api.mesh.EventHandler;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.internal.exchange.Conversion;
import io.switchboard.mesh.internal.work.Drain;

class MailboxTest {

    private final Queue<Runnable> pool = new ArrayDeque<>();
    private final Mailbox mailbox = new Mailbox(pool::add);
    private final Drain drain = new Drain();
    private final List<String> handled = new CopyOnWriteArrayList<>();

    private void post(String name, EventHandler handler, Acknowledgement ack) {
        drain.enter();
        EventEnvelope envelope = new EventEnvelope("emitter", "1.0.0", name, null, Origin.system(), 0);
        mailbox.post(new DeliveryJob(handler, new ReceivedEvent(envelope, new Conversion()), ack, true, drain));
    }

    private void runPool() {
        Runnable task;
        while ((task = pool.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException escaped) {
                // what a pool does with it: the worker goes on with other tasks
            }
        }
    }

    @Test
    void anAcknowledgementThatThrowsDoesNotStopTheMailbox() {
        Acknowledgement throwing = new Acknowledgement() {
            @Override
            public void acknowledged() {
            }

            @Override
            public void failed(Throwable failure) {
                throw new IllegalStateException("the router could not take it back");
            }
        };
        Acknowledgement quiet = new Acknowledgement() {
            @Override
            public void acknowledged() {
            }

            @Override
            public void failed(Throwable failure) {
            }
        };
        post("first", event -> {
            throw new IllegalArgumentException("handler failed");
        }, throwing);
        runPool();
        post("second", event -> handled.add(event.name()), quiet);
        runPool();
        assertEquals(List.of("second"), handled, "the event after the failure still runs");
        assertEquals(0, drain.inFlight());
    }
}
