package io.switchboard.bus;

import java.util.Map;

/**
 * A topic and its numbers now.
 *
 * @param name      the topic's name
 * @param settings  its settings
 * @param depth     messages stored
 * @param dead      dead letters stored
 * @param groups    each consumer group's numbers
 * @param published messages stored since the runtime started
 * @param publishRate messages published per second, over the last minute
 * @param ackRate   acks per second, over the last minute
 */
public record TopicInfo(String name, TopicSettings settings, long depth, long dead, Map<String, GroupInfo> groups, long published,
        double publishRate, double ackRate) {

    /**
     * @param ready     messages it can take now
     * @param inFlight  leased and not yet acked
     * @param delayed   waiting for their delay (publish or nack) to pass
     * @param consumers consumers seen in the last minute or connected now
     */
    public record GroupInfo(long ready, long inFlight, long delayed, int consumers) {
    }
}
