package io.switchboard.queue;

/**
 * One lane's numbers at one moment, for the stats service and the console.
 *
 * @param name      what the lane serves (its queue's name, or the owner's, such as {@code publisher})
 * @param depth     tasks waiting or running now
 * @param capacity  the most tasks it holds before its policy applies
 * @param policy    what it does when full
 * @param completed tasks run since it was made
 * @param failed    tasks that threw
 * @param dropped   tasks dropped (policy DROP)
 * @param rejected  tasks refused (policy REJECT)
 * @since 1.2
 */
public record LaneStats(String name, int depth, int capacity, OverflowPolicy policy, long completed, long failed, long dropped,
                        long rejected) {
}
