package io.switchboard.bus.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/**
 * A cron expression in a time zone, parsed by cron-utils: five fields as in crontab (minute hour
 * day-of-month month day-of-week), or six with seconds first (as Spring and Quartz write them).
 * Daylight-saving gaps and overlaps are cron-utils' rule: a time that does not exist is skipped, one
 * that exists twice fires once.
 */
final class Cron {

    private static final CronParser FIVE = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));
    private static final int MAX_CHARS = 200;

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;

    private Cron(String expression, ZoneId zone, ExecutionTime times) {
        this.expression = expression;
        this.zone = zone;
        this.times = times;
    }

    /** Parses and checks that the expression fires at least once from {@code now}; else {@value BusErrors#INVALID_CRON}. */
    static Cron parse(String expression, ZoneId zone, Instant now) {
        if (expression == null || expression.isBlank() || expression.length() > MAX_CHARS) {
            throw new SwitchboardException(BusErrors.INVALID_CRON, "'cron' is a cron expression of 5 fields (minute hour day month weekday)"
                    + " or 6 (seconds first), at most " + MAX_CHARS + " characters");
        }
        String trimmed = expression.trim().replaceAll("\\s+", " ");
        int fields = trimmed.split(" ").length;
        if (fields != 5 && fields != 6) {
            throw new SwitchboardException(BusErrors.INVALID_CRON, "'cron' has " + fields + " fields; it takes 5 (minute hour day month weekday)"
                    + " or 6 (second minute hour day month weekday)");
        }
        ExecutionTime times;
        try {
            com.cronutils.model.Cron cron = (fields == 5 ? FIVE : SIX).parse(trimmed);
            cron.validate();
            times = ExecutionTime.forCron(cron);
        } catch (IllegalArgumentException e) {
            throw new SwitchboardException(BusErrors.INVALID_CRON, "'" + BusErrors.shown(trimmed) + "' is not a valid cron expression: "
                    + BusErrors.shown(String.valueOf(e.getMessage())));
        }
        Cron cron = new Cron(trimmed, zone, times);
        if (cron.nextAfter(now).isEmpty()) {
            throw new SwitchboardException(BusErrors.INVALID_CRON, "'" + BusErrors.shown(trimmed) + "' never fires");
        }
        return cron;
    }

    /** An IANA zone id ({@code Europe/Paris}) or an offset ({@code +02:00}); null or empty is UTC. */
    static ZoneId zone(String id) {
        if (id == null || id.isEmpty()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new SwitchboardException(BusErrors.INVALID_ZONE, "'" + BusErrors.shown(id) + "' is not a time zone; use an IANA id such as"
                    + " Europe/Paris, or an offset such as +02:00");
        }
    }

    /** The first firing strictly after {@code instant}; empty if there is none (an expression that ran out). */
    Optional<Instant> nextAfter(Instant instant) {
        try {
            return times.nextExecution(ZonedDateTime.ofInstant(instant, zone)).map(ZonedDateTime::toInstant);
        } catch (RuntimeException e) { // cron-utils may fail on dates far out; treat as never again
            return Optional.empty();
        }
    }

    String expression() {
        return expression;
    }

    ZoneId zone() {
        return zone;
    }
}
