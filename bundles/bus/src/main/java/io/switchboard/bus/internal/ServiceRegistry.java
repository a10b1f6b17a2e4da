package io.switchboard.bus.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.security.Group;
import io.switchboard.security.Permission;
import io.switchboard.security.SecurityService;
import io.switchboard.security.User;

/**
 * Registered services. Each is an identity in the security directory ({@code service:<id>}, no
 * password) in the group {@value #GROUP}, with a JWT issued at registration; its record (name,
 * version, description, meta, when it last renewed) is kept under {@value #SERVICES}. Registration
 * tokens, made by administrators, are kept as SHA-256 hashes with their expiry and uses left.
 */
@Component(service = ServiceRegistry.class, configurationPid = "io.switchboard.bus")
public final class ServiceRegistry {

    private static final StoreAwait DIRECTORY = new StoreAwait("the service directory");

    private static final Logger AUDIT = LoggerFactory.getLogger("io.switchboard.audit");
    static final String SERVICES = "/_SYSTEM/bus/services/";
    static final String REGISTRATION_TOKENS = "/_SYSTEM/bus/registration-tokens/";
    /** The group every service starts in; made on first start with publish and consume on every topic. */
    public static final String GROUP = "bus-services";
    /** The user name of a service: its id after this. */
    public static final String USER_PREFIX = "service:";
    /** How a registration token starts, so that it is never taken for a login's JWT. */
    public static final String REGISTRATION_PREFIX = "sbr_";
    private static final Set<String> FIELDS = Set.of("name", "version", "description", "meta");
    private static final int MAX_META_CHARS = 4096;

    private final SecurityService security;
    private final DataService data;
    private final BusConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final List<Consumer<String>> endListeners = new CopyOnWriteArrayList<>();

    @Activate
    public ServiceRegistry(@Reference SecurityService security, @Reference DataService data, BusConfig config) {
        this(security, data, config, Clock.systemUTC());
    }

    ServiceRegistry(SecurityService security, DataService data, BusConfig config, Clock clock) {
        this.security = security;
        this.data = data;
        this.config = config;
        this.clock = clock;
        if (DIRECTORY.await(security.group(GROUP)).isEmpty()) {
            DIRECTORY.await(security.upsertGroup(new Group(GROUP, List.of(Permission.grant(Names.TOPICS_PATH + "**", "publish", "consume")))));
        }
    }

    /** Called with a service's user name when it is suspended or deleted: its streams end. */
    public void onEnd(Consumer<String> listener) {
        endListeners.add(listener);
    }

    /** A service's record and state, as answered. */
    public record Service(String id, String name, String version, String description, JsonNode meta, long registeredAt, long renewedAt,
            boolean suspended) {
    }

    public record Registered(Service service, String token) {
    }

    public synchronized Registered register(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw invalid("send the registration as a JSON object: {\"name\", \"version\", \"description\"?, \"meta\"?}");
        }
        for (String field : (Iterable<String>) object::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw invalid("unknown field '" + BusErrors.shown(field) + "'; a registration has " + FIELDS.stream().sorted().toList());
            }
        }
        String name = text(object, "name", true, 128);
        try {
            Names.topic(name);
        } catch (SwitchboardException e) {
            throw invalid("a service name is 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String version = text(object, "version", true, 64);
        String description = text(object, "description", false, 1024);
        JsonNode meta = object.get("meta");
        if (meta != null && !meta.isNull() && (!meta.isObject() || meta.toString().length() > MAX_META_CHARS)) {
            throw invalid("'meta' must be a JSON object of at most " + MAX_META_CHARS + " characters");
        }
        if (DIRECTORY.await(data.count(SERVICES + "*", null)) >= config.maxServices()) {
            throw new SwitchboardException(BusErrors.TOO_MANY_SERVICES, "the bus holds its maximum of " + config.maxServices() + " services (maxServices)");
        }
        String id = "s-" + HexFormat.of().formatHex(bytes(8));
        long now = clock.millis();
        Service service = new Service(id, name, version, description, meta == null || meta.isNull() ? null : meta, now, now, false);
        ObjectNode custom = JsonNodeFactory.instance.objectNode().put("busService", id).put("name", name);
        DIRECTORY.await(security.createService(USER_PREFIX + id, custom, Set.of(GROUP)));
        String token = DIRECTORY.await(security.issueServiceToken(USER_PREFIX + id, Duration.ofMinutes(config.serviceTokenTtlMinutes()))).token();
        save(service);
        AUDIT.info("audit=bus.service.register id={} name={} version={}", id, name, io.switchboard.system.log.LogText.of(version, 64));
        return new Registered(service, token);
    }

    public List<Service> list() {
        List<Service> services = new ArrayList<>();
        for (Item item : DIRECTORY.await(data.find(SERVICES + "*", Query.ALL))) {
            services.add(read(item.data()));
        }
        services.sort(java.util.Comparator.comparing(Service::name).thenComparing(Service::id));
        return services;
    }

    public Service get(String id) {
        return find(id).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_SERVICE, "no service '" + BusErrors.shown(id) + "'"));
    }

    private Optional<Service> find(String id) {
        if (id == null || !id.matches("s-[0-9a-f]{16}")) {
            return Optional.empty();
        }
        return DIRECTORY.await(data.get(SERVICES + id)).map(item -> read(item.data()));
    }

    /** The heartbeat: the service is active for another {@code serviceLeaseMillis}. */
    public synchronized Service renew(String id) {
        Service service = get(id);
        if (service.suspended()) {
            throw new SwitchboardException(BusErrors.SERVICE_SUSPENDED, "service " + id + " is suspended; an administrator resumes it");
        }
        Service renewed = new Service(service.id(), service.name(), service.version(), service.description(), service.meta(), service.registeredAt(),
                clock.millis(), false);
        save(renewed);
        return renewed;
    }

    /** Suspends (its token stops working, its streams and sessions end) or resumes a service. */
    public synchronized Service suspend(String id, boolean suspended) {
        Service service = get(id);
        User user = DIRECTORY.await(security.user(USER_PREFIX + id)).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_SERVICE,
                "service " + id + " has no identity in the directory any more"));
        DIRECTORY.await(security.upsertUser(user.username(), null, user.custom(), !suspended, user.permissions()));
        Service changed = new Service(service.id(), service.name(), service.version(), service.description(), service.meta(), service.registeredAt(),
                service.renewedAt(), suspended);
        save(changed);
        AUDIT.info("audit=bus.service.{} id={}", suspended ? "suspend" : "resume", id);
        if (suspended) {
            endListeners.forEach(listener -> listener.accept(USER_PREFIX + id));
        }
        return changed;
    }

    /** Deletes a service: its identity and token end, and so do its streams and sessions. */
    public synchronized boolean delete(String id) {
        if (find(id).isEmpty()) {
            return false;
        }
        DIRECTORY.await(security.deleteUser(USER_PREFIX + id));
        DIRECTORY.await(data.remove(SERVICES + id, WriteOptions.DEFAULTS));
        AUDIT.info("audit=bus.service.delete id={}", id);
        endListeners.forEach(listener -> listener.accept(USER_PREFIX + id));
        return true;
    }

    /** The service id of a user name, or null for a user that is not a service. */
    public static String serviceOf(String username) {
        return username != null && username.startsWith(USER_PREFIX) ? username.substring(USER_PREFIX.length()) : null;
    }

    /** Whether a service is active, inactive (stopped renewing) or suspended. */
    public String state(Service service) {
        if (service.suspended()) {
            return "suspended";
        }
        return clock.millis() - service.renewedAt() > config.serviceLeaseMillis() ? "inactive" : "active";
    }

    public long leaseEnds(Service service) {
        return service.renewedAt() + config.serviceLeaseMillis();
    }

    // --- registration tokens

    /** A registration token, valid for {@code ttl} and {@code uses} registrations; only its hash is kept. */
    public synchronized String createRegistrationToken(Duration ttl, int uses) {
        String token = REGISTRATION_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        ObjectNode record = JsonNodeFactory.instance.objectNode().put("expiresAt", clock.millis() + ttl.toMillis()).put("uses", uses);
        DIRECTORY.await(data.set(REGISTRATION_TOKENS + hash(token), record, WriteOptions.DEFAULTS));
        AUDIT.info("audit=bus.registration-token.create uses={} ttl_s={}", uses, ttl.toSeconds());
        return token;
    }

    /** Uses a registration token once; refused when unknown, expired or used up. */
    public synchronized void useRegistrationToken(String token) {
        if (token == null || !token.startsWith(REGISTRATION_PREFIX) || token.length() > 100) {
            throw refused("the registration token is malformed");
        }
        String path = REGISTRATION_TOKENS + hash(token);
        JsonNode record = DIRECTORY.await(data.get(path)).map(Item::data)
                .orElseThrow(() -> refused("the registration token is not one this runtime made"));
        if (record.path("expiresAt").asLong() <= clock.millis()) {
            DIRECTORY.await(data.remove(path, WriteOptions.DEFAULTS));
            throw refused("the registration token has expired");
        }
        int uses = record.path("uses").asInt();
        if (uses <= 1) {
            DIRECTORY.await(data.remove(path, WriteOptions.DEFAULTS));
        } else {
            DIRECTORY.await(data.set(path, ((ObjectNode) record.deepCopy()).put("uses", uses - 1), WriteOptions.DEFAULTS));
        }
    }

    private static SwitchboardException refused(String why) {
        return new SwitchboardException(BusErrors.REGISTRATION_REFUSED, why + "; register with an administrator's token or a valid registration token");
    }

    // --- helpers

    private void save(Service service) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", service.id()).put("name", service.name()).put("version", service.version());
        if (service.description() != null) {
            json.put("description", service.description());
        }
        if (service.meta() != null) {
            json.set("meta", service.meta());
        }
        json.put("registeredAt", service.registeredAt()).put("renewedAt", service.renewedAt()).put("suspended", service.suspended());
        DIRECTORY.await(data.set(SERVICES + service.id(), json, WriteOptions.DEFAULTS));
    }

    private static Service read(JsonNode json) {
        return new Service(json.path("id").asText(), json.path("name").asText(), json.path("version").asText(),
                json.path("description").asText(null), json.get("meta"), json.path("registeredAt").asLong(), json.path("renewedAt").asLong(),
                json.path("suspended").asBoolean());
    }

    private static String text(ObjectNode object, String field, boolean required, int max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid("a registration needs '" + field + "'");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > max) {
            throw invalid("'" + field + "' must be a string of 1 to " + max + " characters");
        }
        return value.asText();
    }

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(BusErrors.INVALID_SERVICE, message);
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
