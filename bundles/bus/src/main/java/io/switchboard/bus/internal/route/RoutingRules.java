package io.switchboard.bus.internal.route;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.Names;
import io.switchboard.bus.internal.hook.Pump;
import io.switchboard.bus.internal.hook.RecordStore;
import io.switchboard.bus.internal.hook.Sink;
import io.switchboard.bus.internal.hook.Webhooks;
import io.switchboard.data.DataService;

/**
 * Content-based routing: rules on a topic copy matching messages into derived topics (each rule's
 * pump, at least once, deduplicated in the target by the source message's id within its dedup
 * window), and {@code POST /api/bus/route} publishes a message to the targets of every rule that
 * matches it, with no topic named. Rules are stored, and run again after a restart.
 */
@Component(service = RoutingRules.class, immediate = true)
public final class RoutingRules {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingRules.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers a copy carries: where it came from. */
    public static final String ROUTED_FROM = "Bus-Routed-From";
    public static final String ROUTED_ID = "Bus-Routed-Id";
    public static final String ROUTED_RULE = "Bus-Routed-Rule";
    private static final Set<String> FIELDS = Set.of("filter", "target");

    private final BusCore bus;
    private final Webhooks hooks;
    private final RecordStore store;
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();
    private final Map<String, Pump> pumps = new ConcurrentHashMap<>();

    @Activate
    public RoutingRules(@Reference BusCore bus, @Reference Webhooks hooks, @Reference DataService data) {
        this.bus = bus;
        this.hooks = hooks;
        this.store = new RecordStore(data, "/_SYSTEM/bus/rules/");
        for (JsonNode json : store.all()) {
            try {
                Rule rule = Rule.read(json);
                rules.put(key(rule.topic(), rule.name()), rule);
                start(rule);
            } catch (RuntimeException e) {
                LOG.warn("bus routing: a stored rule cannot be read ({}); it is left out", e.getMessage());
            }
        }
    }

    @Deactivate
    void deactivate() {
        pumps.values().forEach(Pump::stop);
    }

    /**
     * Makes or changes a rule from {@code {filter, target}}.
     *
     * @param producer   who publishes (the login), recorded by the middleware as the message's producer
     * @param mayPublish checks the caller may publish to the target (refuses with a code)
     */
    public synchronized Rule put(String topic, String name, JsonNode body, Consumer<String> mayPublish) {
        bus.settings(topic).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + topic + "'"));
        Names.group(name);
        if (body == null || !body.isObject()) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "a routing rule is {\"filter\": {...}, \"target\": \"<topic>\"}");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "a routing rule has no field '" + BusErrors.shown(field)
                        + "'; its fields are filter and target");
            }
        });
        JsonNode target = body.get("target");
        if (target == null || !target.isTextual()) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "a routing rule's 'target' is the name of the topic it copies into");
        }
        String into = Names.topic(target.asText());
        if (into.equals(topic)) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "a routing rule cannot copy a topic into itself");
        }
        bus.settings(into).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "the target topic '" + into + "' does not exist; make it first"));
        mayPublish.accept(into);
        MessageFilter filter = MessageFilter.parse(body.get("filter"));
        String key = key(topic, name);
        Rule old = rules.get(key);
        if (old == null && rules.size() >= hooks.config().maxRules()) {
            throw new SwitchboardException(BusErrors.TOO_MANY_RULES, "the bus holds its maximum of " + hooks.config().maxRules() + " routing rules (maxRules)");
        }
        Rule rule = new Rule(topic, name, filter, into, old == null ? hooks.now() : old.createdAt());
        store.put(key, rule.json());
        rules.put(key, rule);
        Pump pump = pumps.remove(key);
        if (pump != null) {
            pump.stop();
        }
        start(rule);
        return rule;
    }

    public Rule get(String topic, String name) {
        Rule rule = rules.get(key(topic, name));
        if (rule == null) {
            throw new SwitchboardException(BusErrors.UNKNOWN_RULE, "no routing rule '" + BusErrors.shown(name) + "' on topic '" + topic + "'");
        }
        return rule;
    }

    public List<Rule> list(String topic) {
        return rules.values().stream().filter(rule -> rule.topic().equals(topic)).sorted(Comparator.comparing(Rule::name)).toList();
    }

    public synchronized boolean remove(String topic, String name) {
        String key = key(topic, name);
        if (rules.remove(key) == null) {
            return false;
        }
        store.remove(key);
        Pump pump = pumps.remove(key);
        if (pump != null) {
            pump.stop();
        }
        return true;
    }

    /** A rule as a client sees it, with its pump's numbers. */
    public ObjectNode describe(Rule rule) {
        ObjectNode json = rule.json();
        Pump pump = pumps.get(key(rule.topic(), rule.name()));
        if (pump != null) {
            pump.describe(json);
        }
        return json;
    }

    /** The distinct targets of every rule (of any topic) the payload matches, in rule order. */
    public List<String> targets(JsonNode payload) {
        Set<String> targets = new LinkedHashSet<>();
        rules.values().stream().sorted(Comparator.comparing(Rule::topic).thenComparing(Rule::name)).forEach(rule -> {
            if (!targets.contains(rule.target()) && rule.filter().test(payload)) {
                targets.add(rule.target());
            }
        });
        return List.copyOf(targets);
    }

    /**
     * {@code POST /api/bus/route}: the message goes to the targets of the rules it matches, each
     * checked with {@code mayPublish} before anything is stored.
     *
     * @return per target, the publish's outcome or its error
     */
    public List<Map.Entry<String, Object>> route(JsonNode payload, Outgoing message, String producer, Consumer<String> mayPublish) {
        List<String> targets = targets(payload);
        if (targets.isEmpty()) {
            throw new SwitchboardException(BusErrors.NO_MATCHING_RULE, "no routing rule matches this message, so it was not stored;"
                    + " GET /api/bus/topics/<name>/routes lists a topic's rules");
        }
        targets.forEach(mayPublish);
        List<Map.Entry<String, Object>> results = new ArrayList<>();
        for (String target : targets) {
            try {
                results.add(Map.entry(target, bus.publishAs(target, message, producer)));
            } catch (SwitchboardException e) {
                results.add(Map.entry(target, e));
            }
        }
        return results;
    }

    private void start(Rule rule) {
        Sink copy = delivery -> CompletableFuture.completedFuture(copy(rule, delivery));
        pumps.put(key(rule.topic(), rule.name()), hooks.pump(rule.topic(), rule.group(), "rule:" + rule.name(),
                delivery -> rule.filter().test(delivery.payload()), copy, () -> { }));
    }

    private Sink.Outcome copy(Rule rule, Delivery delivery) {
        Map<String, String> headers = new HashMap<>(delivery.headers());
        headers.put(ROUTED_FROM, rule.topic());
        headers.put(ROUTED_ID, delivery.id());
        headers.put(ROUTED_RULE, rule.name());
        try {
            Bus.Published published = bus.publish(rule.target(), new Outgoing(delivery.payload(), delivery.priority(), delivery.key(), delivery.id(), 0, headers));
            return Sink.Outcome.ok(published.duplicate() ? 208 : 202);
        } catch (SwitchboardException e) {
            return Sink.Outcome.failed(0, "the copy into topic '" + rule.target() + "' failed: " + e.code() + ": " + e.getMessage());
        }
    }

    static String key(String topic, String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((topic + "\n" + name).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
