package io.switchboard.data.internal.mvstore;

import java.io.File;
import java.io.PrintStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.WriteOptions;
import io.switchboard.data.WriteResult;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.spi.EventPublisher.Publishing;

/**
 * The process the crash test kills: writes documents at TRANSACTIONAL from several threads until it
 * is killed, printing {@code ACK n} for each write whose promise resolved. With more than one write
 * in flight a thread does not wait for each acknowledgement, as a session pipelining sets does, so
 * the acknowledgements come from the store's group commit.
 *
 * <p>Arguments: store file, first document number, thread count, durability, writes in flight per
 * thread (optional, default 1).
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        File file = new File(args[0]);
        long first = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        int inFlight = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        MVStoreProvider store = new MVStoreProvider(file, Durability.valueOf(args[3]), 1000, 0);
        DataServiceImpl data = new DataServiceImpl(1 << 20,
                event -> new Publishing(Promises.resolved(null), Promises.resolved(io.switchboard.data.PublishResults.NONE)));
        data.addProvider(store, java.util.Map.of());
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        AtomicLong next = new AtomicLong(first);
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(inFlight == 1 ? () -> writeForever(data, next, out) : () -> pipelineForever(data, next, out, inFlight));
            writer.start();
        }
        Thread.currentThread().join();
    }

    private static void writeForever(DataServiceImpl data, AtomicLong next, PrintStream out) {
        while (true) {
            long n = next.getAndIncrement();
            Throwable failure;
            try {
                failure = data.set(CrashCheck.path(n), CrashCheck.document(n), WriteOptions.DEFAULTS).getFailure();
            } catch (InterruptedException e) {
                return;
            }
            if (failure != null) {
                failure.printStackTrace(); // an unacknowledged write is simply never reported
                return;
            }
            synchronized (out) {
                out.println("ACK " + n);
                out.flush();
            }
        }
    }

    private static void pipelineForever(DataServiceImpl data, AtomicLong next, PrintStream out, int inFlight) {
        Semaphore window = new Semaphore(inFlight);
        while (true) {
            window.acquireUninterruptibly();
            long n = next.getAndIncrement();
            Promise<WriteResult> written = data.set(CrashCheck.path(n), CrashCheck.document(n), WriteOptions.DEFAULTS);
            written.onResolve(() -> {
                Throwable failure = failureOf(written);
                if (failure != null) {
                    failure.printStackTrace(); // never acknowledged; the window stays smaller by one
                    return;
                }
                synchronized (out) {
                    out.println("ACK " + n);
                    out.flush();
                }
                window.release();
            });
        }
    }

    private static Throwable failureOf(Promise<?> done) {
        try {
            return done.getFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /** The document for number n, and its path: the checker rebuilds both to compare. */
    static final class CrashCheck {
        private CrashCheck() {
        }

        static String path(long n) {
            return "/crash/" + (n % 97) + "/" + n;
        }

        static ObjectNode document(long n) {
            ObjectNode doc = JsonNodeFactory.instance.objectNode();
            doc.put("n", n);
            doc.put("pad", "x".repeat((int) (n % 300)));
            doc.putArray("list").add(n).add(n * 2);
            return doc;
        }
    }
}
