package io.switchboard.bus.schedule;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The schedules' limits (PID {@code io.switchboard.bus.schedules}, {@code etc/io.switchboard.bus.schedules.cfg}); docs/bus-schedules.md lists them. */
@ObjectClassDefinition(name = "Switchboard bus schedules")
public @interface ScheduleConfig {

    @AttributeDefinition(description = "the most schedules the bus holds (cron and one-shot together)")
    int maxSchedules() default 20_000;

    @AttributeDefinition(description = "the longest the timer sleeps before it looks at the clock again, in milliseconds (bounds the effect of a wall-clock jump)")
    long maxSleepMillis() default 60_000;
}
