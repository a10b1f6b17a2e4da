package io.switchboard.bus;

/**
 * A schedule as the bus shows it to operators ({@link Bus#schedules()}): read-only, without its
 * payload or headers.
 *
 * @param name        the schedule's name
 * @param cron        its cron expression, or null for a one-shot {@code deliverAt} message
 * @param zone        the zone its cron expression is read in (a one-shot's is {@code UTC})
 * @param topic       the topic it publishes to
 * @param paused      whether it is paused (then it has no next fire)
 * @param nextFireAt  epoch milliseconds of its next firing; 0 for none (paused, or a one-shot that fired)
 * @param lastFiredAt epoch milliseconds of the due time it last fired for; 0 for never
 * @param fired       how many times it has fired
 * @param lastError   why its last firing could not publish ({@code code: message}), or null
 */
public record ScheduleInfo(String name, String cron, String zone, String topic, boolean paused, long nextFireAt, long lastFiredAt, long fired,
        String lastError) {
}
