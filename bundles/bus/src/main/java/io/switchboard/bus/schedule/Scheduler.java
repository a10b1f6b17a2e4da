package io.switchboard.bus.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.internal.StoreAwait;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.ScheduleInfo;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;

/**
 * Schedules: cron expressions and one-shot {@code deliverAt} messages that publish to a topic, on
 * one timer. The timer is one thread that sleeps until the earliest due time (read from the injected
 * clock, never longer than {@code maxSleepMillis}); each firing publishes with the dedup id
 * {@code schedule:<name>:<due>} and then records the due time in the store, so a crash between the
 * two publishes it again only within the topic's dedup window, where it is stored once. Definitions
 * and state live in the data store under {@value #STORE}, so schedules survive a restart; firings
 * missed while down follow the schedule's {@link Missed} policy. docs/bus-schedules.md is the guide.
 */
@Component(service = Scheduler.class, configurationPid = "io.switchboard.bus.schedules", immediate = true)
@Designate(ocd = ScheduleConfig.class)
public final class Scheduler {

    private static final StoreAwait SCHEDULES = new StoreAwait("the schedules");

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    static final String STORE = "/_SYSTEM/bus/schedules/";
    /** Headers every fired message carries: the schedule's name and the due time it fired for. */
    public static final String SCHEDULE_HEADER = "Bus-Schedule";
    public static final String DUE_HEADER = "Bus-Schedule-Due";
    public static final int MAX_NEXT = 100;

    private final DataService data;
    private final BusCore bus;
    private final ScheduleConfig config;
    private final Clock clock;
    /** Guarded by this: the schedules by name, and their next due times in order. */
    private final Map<String, State> states = new HashMap<>();
    private final TreeSet<Due> queue = new TreeSet<>();
    private final Lateness lateness = new Lateness();
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> wakeup;
    /** A change a caller was answered for is written durably. */
    private static final WriteOptions CHANGED = WriteOptions.DEFAULTS.withNoPublish(true);
    /**
     * A firing's record is not synced to disk one by one (a sync each would make the 167 firings of
     * one second late by most of a second): lost in a crash, the restart fires that due time again
     * with the same dedup id, which the topic stores once.
     */
    private static final WriteOptions FIRED = WriteOptions.DEFAULTS.withNoPublish(true).withConsistency(io.switchboard.data.Consistency.DEFERRED);

    /** A schedule as the timer holds it: its definition and what happened to it. */
    private static final class State {
        final Definition definition;
        final Cron cron;
        /** Firings count from here: when it was put or last resumed. */
        long since;
        boolean paused;
        long lastFiredAt;
        long fired;
        long nextFireAt = -1;
        String lastErrorCode;
        String lastErrorMessage;

        State(Definition definition, Cron cron, long since) {
            this.definition = definition;
            this.cron = cron;
            this.since = since;
        }
    }

    private record Due(long at, String name) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : name.compareTo(other.name);
        }
    }

    @Activate
    public Scheduler(@Reference DataService data, @Reference BusCore bus, ScheduleConfig config) {
        this(data, bus, config, Clock.systemUTC(), true);
    }

    /** For tests: a clock they move, and no timer thread (they call {@link #tick}). */
    public Scheduler(DataService data, BusCore bus, ScheduleConfig config, Clock clock, boolean timerThread) {
        this.data = data;
        this.bus = bus;
        this.config = config;
        this.clock = clock;
        load();
        if (timerThread) {
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "switchboard-bus-schedules");
                thread.setDaemon(true);
                return thread;
            });
            wake();
        } else {
            timer = null;
        }
        bus.showSchedules(this::infos);
    }

    @Deactivate
    void deactivate() {
        bus.showSchedules(null);
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Reads every stored schedule and decides its next firing, by its policy for what was missed while down. */
    private synchronized void load() {
        long now = clock.millis();
        for (Item item : SCHEDULES.await(data.find(STORE + "*", Query.ALL))) {
            String name = item.path().substring(STORE.length());
            try {
                Definition definition = ScheduleJson.stored(name, item.data(), Instant.ofEpochMilli(now));
                State state = state(definition, item.data().path("since").asLong(now));
                state.paused = item.data().path("paused").asBoolean(false);
                state.lastFiredAt = item.data().path("lastFiredAt").asLong(0);
                state.fired = item.data().path("fired").asLong(0);
                states.put(name, state);
                if (!state.paused) {
                    scheduleAfterStart(state, now);
                }
            } catch (SwitchboardException e) {
                LOG.warn("bus: the stored schedule {} cannot be read ({}); it is left out", name, e.getMessage());
            }
        }
    }

    private State state(Definition definition, long since) {
        Cron cron = definition.oneShot() ? null : Cron.parse(definition.cron(), Cron.zone(definition.zone()), Instant.ofEpochMilli(since));
        return new State(definition, cron, since);
    }

    private void scheduleAfterStart(State state, long now) {
        Optional<Long> first = next(state, Math.max(state.since, state.lastFiredAt));
        if (first.isEmpty()) {
            return;
        }
        if (first.get() <= now && state.definition.missed() == Missed.SKIP) {
            if (state.definition.oneShot()) {
                LOG.info("bus: one-shot schedule {} was due while the runtime was down and its policy is skip; it is removed", state.definition.name());
                states.remove(state.definition.name());
                SCHEDULES.await(data.remove(STORE + state.definition.name(), WriteOptions.DEFAULTS));
                return;
            }
            first = next(state, now);
        }
        first.ifPresent(at -> enqueue(state, at));
    }

    /** The first due time strictly after {@code after} (a one-shot's own time until it fired). */
    private static Optional<Long> next(State state, long after) {
        if (state.definition.oneShot()) {
            return state.fired == 0 ? Optional.of(state.definition.deliverAt()) : Optional.empty();
        }
        return state.cron.nextAfter(Instant.ofEpochMilli(after)).map(Instant::toEpochMilli);
    }

    private void enqueue(State state, long at) {
        state.nextFireAt = at;
        queue.add(new Due(at, state.definition.name()));
    }

    private void dequeue(State state) {
        if (state.nextFireAt >= 0) {
            queue.remove(new Due(state.nextFireAt, state.definition.name()));
            state.nextFireAt = -1;
        }
    }

    // --- the timer

    /** Fires everything due by the clock, then sleeps until the next due time. */
    public void tick() {
        long now = clock.millis();
        List<State> due = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && queue.first().at() <= now) {
                Due first = queue.pollFirst();
                State state = states.get(first.name());
                if (state != null && state.nextFireAt == first.at()) {
                    state.nextFireAt = -1;
                    due.add(state);
                    times.add(first.at());
                }
            }
        }
        for (int i = 0; i < due.size(); i++) {
            fire(due.get(i), times.get(i));
        }
        wake();
    }

    private void fire(State state, long at) {
        Definition definition = state.definition;
        Map<String, String> headers = new HashMap<>(definition.headers());
        headers.put(SCHEDULE_HEADER, definition.name());
        headers.put(DUE_HEADER, Instant.ofEpochMilli(at).toString());
        Outgoing message = new Outgoing(definition.payload(), definition.priority(), null, "schedule:" + definition.name() + ":" + at, 0, headers);
        SwitchboardException failure = null;
        try {
            bus.publishAs(definition.topic(), message, definition.createdBy());
        } catch (SwitchboardException e) {
            failure = e;
            LOG.warn("bus: schedule {} could not publish its firing due {} to topic {} ({}: {}); the firing is dropped", definition.name(),
                    Instant.ofEpochMilli(at), definition.topic(), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            failure = new SwitchboardException(BusErrors.STORE_FAILED, "the firing failed: " + e.getMessage());
            LOG.warn("bus: schedule {} failed to fire", definition.name(), e);
        }
        long now = clock.millis();
        lateness.record(now - at);
        synchronized (this) {
            if (states.get(definition.name()) != state) {
                return; // deleted or replaced while it fired
            }
            state.lastFiredAt = at;
            state.fired++;
            state.lastErrorCode = failure == null ? null : failure.code();
            state.lastErrorMessage = failure == null ? null : failure.getMessage();
            if (definition.oneShot()) {
                states.remove(definition.name());
                SCHEDULES.await(data.remove(STORE + definition.name(), WriteOptions.DEFAULTS));
                return;
            }
            if (!state.paused) {
                // late by more than a period (a pause of the process): the firings in between are coalesced into this one
                next(state, Math.max(at, now)).ifPresent(next -> enqueue(state, next));
            }
            store(state, FIRED);
        }
    }

    private synchronized void wake() {
        if (timer == null || timer.isShutdown()) {
            return;
        }
        if (wakeup != null) {
            wakeup.cancel(false);
        }
        long sleep = queue.isEmpty() ? config.maxSleepMillis() : Math.min(config.maxSleepMillis(), Math.max(0, queue.first().at() - clock.millis()));
        wakeup = timer.schedule(this::tickQuietly, sleep, TimeUnit.MILLISECONDS);
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("bus: the schedules' timer failed a round ({}); it goes on", e.getMessage());
            wake();
        }
    }

    // --- the API (the HTTP routes call these; authorize throws when the caller may not publish to the topic)

    /** Creates or replaces a schedule; the caller must be allowed to publish to its topic (and to the old one's, on a replace). */
    public ObjectNode put(String name, JsonNode body, String caller, Consumer<String> authorize) {
        long now = clock.millis();
        Definition definition = ScheduleJson.read(name, body, caller, Instant.ofEpochMilli(now), bus.maxPayloadBytes());
        authorize.accept(definition.topic());
        if (bus.settings(definition.topic()).isEmpty()) {
            throw new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + BusErrors.shown(definition.topic()) + "'; make it with PUT /api/bus/topics/"
                    + BusErrors.shown(definition.topic()));
        }
        State fresh = state(definition, now);
        synchronized (this) {
            State old = states.get(name);
            if (old != null) {
                authorize.accept(old.definition.topic());
            } else if (states.size() >= config.maxSchedules()) {
                throw new SwitchboardException(BusErrors.TOO_MANY_SCHEDULES, "the bus holds its maximum of " + config.maxSchedules()
                        + " schedules (maxSchedules)");
            }
            store(fresh);
            if (old != null) {
                dequeue(old);
            }
            states.put(name, fresh);
            next(fresh, now).ifPresent(at -> enqueue(fresh, at));
            ObjectNode json = json(fresh, 5);
            json.put("created", old == null);
            wake();
            return json;
        }
    }

    /** A schedule with its next {@code next} fire times. */
    public synchronized ObjectNode get(String name, int next, Consumer<String> authorize) {
        State state = existing(name, authorize);
        return json(state, next);
    }

    /** The schedules on topics the caller may publish to, by name, each with its next fire time; and the timer's figures. */
    public synchronized ObjectNode list(Predicate<String> mayPublish) {
        ObjectNode json = ScheduleJson.JSON.createObjectNode();
        ArrayNode list = json.putArray("schedules");
        for (State state : new TreeMap<>(states).values()) {
            if (mayPublish.test(state.definition.topic())) {
                list.add(json(state, 1));
            }
        }
        json.putObject("timer").put("schedules", states.size()).put("fired", lateness.count()).put("latenessP50Millis", lateness.percentile(50))
                .put("latenessP99Millis", lateness.percentile(99)).put("latenessMaxMillis", lateness.percentile(100));
        return json;
    }

    /** Every schedule by name, for operators ({@link io.switchboard.bus.Bus#schedules()}). */
    public synchronized List<ScheduleInfo> infos() {
        return new TreeMap<>(states).values().stream().map(state -> new ScheduleInfo(state.definition.name(), state.definition.cron(),
                state.definition.zone(), state.definition.topic(), state.paused, Math.max(0, state.nextFireAt), state.lastFiredAt, state.fired,
                state.lastErrorCode == null ? null : state.lastErrorCode + ": " + state.lastErrorMessage)).toList();
    }

    /** Pauses (no firings, none made up later) or resumes (firings count from now). */
    public synchronized ObjectNode pause(String name, boolean paused, Consumer<String> authorize) {
        State state = existing(name, authorize);
        if (state.paused != paused) {
            long now = clock.millis();
            state.paused = paused;
            if (paused) {
                dequeue(state);
            } else {
                state.since = now;
                next(state, now).ifPresent(at -> enqueue(state, at));
            }
            store(state);
            wake();
        }
        return json(state, 5);
    }

    public synchronized void delete(String name, Consumer<String> authorize) {
        State state = existing(name, authorize);
        SCHEDULES.await(data.remove(STORE + name, WriteOptions.DEFAULTS));
        dequeue(state);
        states.remove(name);
    }

    private State existing(String name, Consumer<String> authorize) {
        State state = states.get(ScheduleJson.name(name));
        if (state == null) {
            throw new SwitchboardException(BusErrors.UNKNOWN_SCHEDULE, "no schedule '" + BusErrors.shown(name) + "'");
        }
        authorize.accept(state.definition.topic());
        return state;
    }

    private ObjectNode json(State state, int next) {
        ObjectNode json = ScheduleJson.definition(state.definition);
        json.put("state", state.paused ? "paused" : "active");
        ArrayNode times = json.putArray("nextFireTimes");
        if (!state.paused) {
            long after = state.nextFireAt;
            if (after >= 0) {
                times.add(Instant.ofEpochMilli(after).toString());
                for (int i = 1; i < Math.min(next, MAX_NEXT); i++) {
                    Optional<Long> following = next(state, after);
                    if (following.isEmpty() || following.get() == after) {
                        break;
                    }
                    after = following.get();
                    times.add(Instant.ofEpochMilli(after).toString());
                }
            }
        }
        if (state.lastFiredAt > 0) {
            json.put("lastFiredAt", Instant.ofEpochMilli(state.lastFiredAt).toString());
        } else {
            json.putNull("lastFiredAt");
        }
        json.put("fired", state.fired);
        if (state.lastErrorCode != null) {
            json.putObject("lastError").put("code", state.lastErrorCode).put("message", state.lastErrorMessage);
        }
        return json;
    }

    private void store(State state) {
        store(state, CHANGED);
    }

    private void store(State state, WriteOptions options) {
        ObjectNode json = ScheduleJson.definition(state.definition);
        json.put("since", state.since).put("paused", state.paused).put("lastFiredAt", state.lastFiredAt).put("fired", state.fired);
        SCHEDULES.await(data.set(STORE + state.definition.name(), json, options));
    }
}
