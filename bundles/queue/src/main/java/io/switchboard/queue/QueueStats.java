package io.switchboard.queue;

/**
 * A queue's numbers at one moment, for the stats service and the console.
 *
 * @param name      the queue's name
 * @param depth     tasks waiting or running now
 * @param capacity  the most tasks it holds before its policy applies
 * @param threads   how many threads run its tasks
 * @param policy    what it does when full
 * @param completed tasks run since start
 * @param failed    tasks that threw since start
 * @param dropped   tasks dropped since start (policy DROP)
 * @param rejected  tasks refused since start (policy REJECT)
 */
public record QueueStats(String name, int depth, int capacity, int threads, OverflowPolicy policy,
                         long completed, long failed, long dropped, long rejected) {
}
