package io.switchboard.bench.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipelined round of {@link ClientLoad} and {@link NatsLoad}: requests whose answers come back on
 * a callback, at most a window of them unanswered, bounded in count and time.
 */
final class Pipeline {

    /** Sends one request and reports its answer to {@code done}. */
    interface Request {
        void send(Answer done) throws Exception;
    }

    /** The answer to one request: {@code failure} is null when it succeeded, else what to print. */
    interface Answer {
        void done(Object failure);
    }

    private Pipeline() {
    }

    /**
     * n requests, at most window unanswered, for at most limitSeconds; records each successful
     * request's time in latency (when not null) and prints the first failures after {@code label}.
     * Returns {answered, failed}.
     */
    static int[] round(String label, int n, int window, long limitSeconds, Stats latency, Request request) throws Exception {
        Semaphore free = new Semaphore(window);
        CountDownLatch answered = new CountDownLatch(n);
        AtomicInteger failed = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        int sent = 0;
        for (; sent < n && System.nanoTime() < deadline; sent++) {
            if (!free.tryAcquire(10, TimeUnit.SECONDS)) {
                System.err.println(label + ": no answer for 10 s");
                break;
            }
            long begun = System.nanoTime();
            request.send(failure -> {
                if (failure == null) {
                    if (latency != null) {
                        synchronized (latency) {
                            latency.add(System.nanoTime() - begun);
                        }
                    }
                } else if (failed.getAndIncrement() < 3) {
                    System.err.println(label + ": " + failure);
                }
                free.release();
                answered.countDown();
            });
        }
        for (int i = sent; i < n; i++) {
            answered.countDown();
        }
        answered.await(30, TimeUnit.SECONDS);
        int lost = (int) answered.getCount();
        return new int[] {sent - failed.get() - lost, failed.get() + lost};
    }
}
