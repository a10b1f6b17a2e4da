package io.switchboard.security.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.cache.Cache;
import io.switchboard.cache.CacheOptions;
import io.switchboard.cache.CacheService;
import io.switchboard.data.DataEvent;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.path.PathPattern;
import io.switchboard.data.path.Paths;
import io.switchboard.security.Group;
import io.switchboard.security.Permission;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import io.switchboard.security.User;
import io.switchboard.session.Session;
import io.switchboard.session.SessionManager;
import io.switchboard.stats.Stats;
import io.switchboard.subscription.SubscribeOptions;
import io.switchboard.subscription.SubscriptionService;
import io.switchboard.system.access.Access;
import io.switchboard.system.log.LogText;

/**
 * The directory, login with lockout, tokens bound to the user's identity and credentials
 * generation, revocation, and decisions (configuration PID {@code io.switchboard.security}). Time
 * comes from a clock (the system's, or a test's), never from the JVM directly.
 */
@Component(configurationPid = "io.switchboard.security", service = {SecurityService.class, OriginPermissions.class}, immediate = true)
@Designate(ocd = SecurityServiceImpl.Config.class)
public final class SecurityServiceImpl implements SecurityService, OriginPermissions {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.switchboard.audit");
    private static final Logger LOG = LoggerFactory.getLogger(SecurityServiceImpl.class);
    private static final String REVOKED = Directory.ROOT + "/revoked/";
    /**
     * Set by the launcher when the store is PostgreSQL, which other runtimes may share. Security is
     * shared only by the nodes of a cluster on it ({@value #CLUSTER_MEMBERS_PROPERTY} set too): only
     * they hear each other's changes (data events cross nodes), so only they may accept each other's
     * tokens.
     */
    static final String SHARED_STORE_PROPERTY = "switchboard.store.url";
    static final String CLUSTER_MEMBERS_PROPERTY = "switchboard.cluster.members";
    /** The launcher's node name: a cluster node's uses of tokens are recorded under it. */
    static final String NODE_NAME_PROPERTY = "switchboard.node.name";
    /** Tokens with an inactivity limit followed at once; past it the least useful are forgotten. */
    private static final long MAX_FOLLOWED_TOKENS = 200_000;
    private static final int TOKEN_USE_WRITES_QUEUED = 10_000;
    /** How long a runtime waits, at most, for another one on the shared store to make the token key. */
    private static final Duration SHARED_KEY_WAIT = Duration.ofSeconds(30);
    /** Verified tokens remembered, by their text's length together (a token is at most 4,096 characters). */
    private static final long VERIFIED_TOKENS_MAX_CHARS = 4_000_000;
    private static final int MAX_CREDENTIAL_LENGTH = 1024;
    /** About 16 MB of cached decisions: some 170,000 of short paths, far fewer of long ones. */
    private static final long DECISION_CACHE_CHARS = 16L * 1024 * 1024;

    @ObjectClassDefinition(name = "Switchboard security")
    public @interface Config {
        @AttributeDefinition(description = "how long a token from a login is valid, in minutes")
        long token_ttl_minutes() default 12 * 60;

        @AttributeDefinition(description = "PBKDF2 iterations for new password hashes")
        int password_iterations() default 600_000;

        @AttributeDefinition(description = "failed logins of a user from one source address that lock it from there (0: never lock)")
        int lockout_attempts() default 5;

        @AttributeDefinition(description = "failed logins of a user from all source addresses that lock it from everywhere but this machine's loopback address (0: never)")
        int lockoutAttemptsPerUser() default 100;

        @AttributeDefinition(description = "how long failed logins count, in seconds: a lock lasts one to two of these")
        long lockout_seconds() default 15 * 60;

        @AttributeDefinition(description = "how long a token may go unused before it stops working, in minutes; 0 for no limit")
        long token_inactivity_minutes() default 0;

        @AttributeDefinition(description = "session policies, a JSON array: [{\"user\"|\"group\"|\"kind\": …, \"ttlMinutes\": n, \"inactivityMinutes\": n}], first match wins")
        String session_policies() default "";

        @AttributeDefinition(description = "how long the security service waits at start for a data store that is unavailable "
                + "(a shared PostgreSQL store still starting) before it reads the directory, in seconds")
        long storeWaitSeconds() default 120;
    }

    private final Directory directory;
    private final Decisions decisions;
    private final PasswordHasher hasher;
    private final Tokens tokens;
    private final DataService data;
    private final LoginFailures failures;
    private final TokenActivity activity;
    /** Where a cluster node writes its tokens' last uses to the shared store; null alone. */
    private final ExecutorService tokenUseWriter;
    private final SessionPolicies policies;
    private final Clock clock;
    /**
     * Decisions by directory generation, user, action and path. A change to the directory starts a
     * new generation, so a decision computed against the old directory is never used again, even one
     * that was being computed while the change happened.
     */
    private final Cache<Boolean> decided;
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Long> revoked = new ConcurrentHashMap<>();
    private final String decoy;

    /** Whether this runtime is a cluster node on a shared store: the token key and every change are shared. */
    private final boolean sharedStore;

    private volatile LoginMeters meters = LoginMeters.NONE;

    /** The open sessions, when this runtime has the network edge: logins that end take their sessions with them. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SessionManager sessions;

    /** The stats service, when it runs: logins and lockouts are counted into it (docs/metrics.md). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindStats(Stats stats) {
        meters = new LoginMeters(stats);
    }

    void unbindStats(Stats stats) {
        // A better service bound first (greedy) leaves its meters in place.
        if (meters.stats == stats) {
            meters = LoginMeters.NONE;
        }
    }

    @Activate
    public SecurityServiceImpl(@Reference DataService data, @Reference CacheService caches, BundleContext context, Config config)
            throws IOException {
        this(storeAnswering(data, config), caches, home(context), config, Clock.systemUTC(), AdminBootstrap.from(context),
                sharedNode(context), null);
    }

    /** This node's name when it is a cluster node on a shared store; null otherwise. */
    private static String sharedNode(BundleContext context) {
        if (context.getProperty(SHARED_STORE_PROPERTY) == null || context.getProperty(CLUSTER_MEMBERS_PROPERTY) == null) {
            return null;
        }
        String node = context.getProperty(NODE_NAME_PROPERTY);
        return node == null ? "local" : node;
    }

    /** The directory is read while activating: see {@link StoreWait} for why a store still starting is waited for. */
    private static DataService storeAnswering(DataService data, Config config) {
        StoreWait.until(() -> data.count(Directory.ROOT + "/users/*", null), Duration.ofSeconds(Math.max(0, config.storeWaitSeconds())),
                Clock.systemUTC(), Thread::sleep);
        return data;
    }

    SecurityServiceImpl(DataService data, CacheService caches, Path home, Config config, Clock clock, AdminBootstrap bootstrap) throws IOException {
        this(data, caches, home, config, clock, bootstrap, null, null);
    }

    /**
     * @param sharedNode     this node's name when it is a cluster node on a shared store, null when alone
     * @param tokenUseWrites where a cluster node writes its tokens' last uses (null: a thread of its own)
     */
    SecurityServiceImpl(DataService data, CacheService caches, Path home, Config config, Clock clock, AdminBootstrap bootstrap,
            String sharedNode, Executor tokenUseWrites) throws IOException {
        this.data = data;
        this.clock = clock;
        this.sharedStore = sharedNode != null;
        this.directory = new Directory(data);
        this.decisions = new Decisions(directory::entry, directory::group);
        this.hasher = new PasswordHasher(config.password_iterations());
        this.decoy = hasher.decoy();
        Path keyFile = home.resolve("data").resolve("security").resolve("jwt.key");
        this.tokens = new Tokens(sharedStore ? TokenKey.shared(data, keyFile, SHARED_KEY_WAIT) : TokenKey.fromFile(keyFile),
                Duration.ofMinutes(config.token_ttl_minutes()), clock,
                caches.memory("security.verified-tokens", CacheOptions.boundedByKeyChars(VERIFIED_TOKENS_MAX_CHARS).withExpireAfterWrite(Duration.ofMinutes(10))));
        Duration window = Duration.ofSeconds(Math.max(1, config.lockout_seconds()));
        this.failures = new LoginFailures(data,
                caches.memory("security.unknown-user-failures", CacheOptions.boundedByKeyChars(1_000_000).withExpireAfterWrite(window.multipliedBy(2))),
                clock, new LoginFailures.Limits(config.lockout_attempts(), config.lockoutAttemptsPerUser(), window));
        // keyed by what clients send (the path): bounded by the keys' size, so long paths cannot fill the heap
        this.decided = caches.memory("security.decisions", CacheOptions.boundedByKeyChars(DECISION_CACHE_CHARS));
        this.tokenUseWriter = sharedStore && tokenUseWrites == null ? tokenUseWriter() : null;
        this.activity = new TokenActivity(caches, MAX_FOLLOWED_TOKENS, !sharedStore ? TokenActivity.SharedUses.NONE
                : new StoredTokenUses(data, sharedNode, tokenUseWrites == null ? tokenUseWriter : tokenUseWrites, clock), clock);
        this.policies = new SessionPolicies(config.session_policies(), new SessionPolicies.Limits(
                Duration.ofMinutes(config.token_ttl_minutes()), Duration.ofMinutes(config.token_inactivity_minutes())));
        loadRevocations();
        bootstrapAdmin(bootstrap);
    }

    /**
     * One thread, and at most {@value #TOKEN_USE_WRITES_QUEUED} writes waiting: a node records each
     * token's use at most once per granularity, so a full queue means the store is slow; a use not
     * recorded then is recorded at the token's next use a granularity later.
     */
    private static ExecutorService tokenUseWriter() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(TOKEN_USE_WRITES_QUEUED), runnable -> {
            Thread thread = new Thread(runnable, "security-token-uses");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void deactivate() {
        if (tokenUseWriter != null) {
            tokenUseWriter.shutdown();
        }
    }

    private static Path home(BundleContext context) {
        String home = context.getProperty("switchboard.home");
        return Path.of(home == null ? "." : home);
    }

    /**
     * The first start has an administrator, with the password the launcher handed over; never a
     * fixed one. A password set in the environment for an administrator that already exists changes
     * nothing, and is said so (here and in the banner).
     */
    private void bootstrapAdmin(AdminBootstrap bootstrap) {
        if (directory.group(ADMIN_GROUP).isEmpty()) {
            directory.put(new Group(ADMIN_GROUP, List.of(Permission.grant("/**", "*"))));
        }
        if (directory.entry(ADMIN_USER).isPresent()) {
            if (bootstrap.fromEnvironment()) {
                AUDIT.warn("audit=bootstrap outcome=ignored user={} reason=\"SWITCHBOARD_ADMIN_PASSWORD is set but the user admin already exists:"
                        + " its password was not changed (change it with security.upsertUser)\"", ADMIN_USER);
            }
            bootstrap.report(AdminBootstrap.EXISTS);
            return;
        }
        Optional<String> password = bootstrap.password();
        if (password.isEmpty()) {
            AUDIT.warn("audit=bootstrap outcome=skipped reason=\"no admin password was handed over by the launcher\"");
            return;
        }
        User admin = new User(ADMIN_USER, JsonNodeFactory.instance.objectNode(), true, Set.of(ADMIN_GROUP), List.of());
        directory.put(Directory.Entry.created(admin, hasher.hash(password.get())));
        bootstrap.report(AdminBootstrap.CREATED);
        AUDIT.info("audit=bootstrap user={} group={}", ADMIN_USER, ADMIN_GROUP);
    }

    // --- directory

    @Override
    public Promise<User> upsertUser(String username, String password, ObjectNode custom, boolean enabled, List<Permission> permissions) {
        return attempt(() -> {
            requireName(username, "username");
            Optional<Directory.Entry> existing = directory.entry(username);
            if (password == null && existing.isEmpty()) {
                throw new SwitchboardException("security.invalid-user", "a new user needs a password");
            }
            if (password != null && (password.isEmpty() || password.length() > MAX_CREDENTIAL_LENGTH)) {
                throw new SwitchboardException("security.invalid-user", "a password must have 1 to " + MAX_CREDENTIAL_LENGTH + " characters");
            }
            Set<String> groups = existing.map(e -> e.user().groups()).orElse(Set.of());
            User user = new User(username, custom == null ? JsonNodeFactory.instance.objectNode() : custom, enabled, groups, permissions);
            Directory.Entry entry;
            if (existing.isEmpty()) {
                entry = Directory.Entry.created(user, hasher.hash(password));
            } else {
                entry = password == null ? existing.get().with(user) : existing.get().with(user).withPassword(hasher.hash(password));
            }
            directory.put(entry);
            directoryChanged();
            AUDIT.info("audit=user.upsert user={} enabled={} permissions={} password_changed={}", username, enabled,
                    user.permissions().size(), password != null);
            if (!enabled) {
                endSessions(principal -> principal.username().equals(username), "the user was disabled");
            } else if (existing.isPresent() && password != null) {
                // the tokens issued before the change are dead: so are the sessions that use them
                endSessions(principal -> principal.username().equals(username) && principal.generation() != entry.generation(),
                        "the password was changed");
            }
            return user;
        });
    }

    @Override
    public Promise<Optional<User>> user(String username) {
        return Promises.resolved(directory.entry(username).map(Directory.Entry::user));
    }

    @Override
    public Promise<List<User>> users() {
        return Promises.resolved(directory.users());
    }

    @Override
    public Promise<Boolean> deleteUser(String username) {
        return attempt(() -> {
            boolean removed = directory.removeUser(username);
            directoryChanged();
            if (removed) {
                AUDIT.info("audit=user.delete user={}", username);
                endSessions(principal -> principal.username().equals(username), "the user was deleted");
            }
            return removed;
        });
    }

    @Override
    public Promise<Group> upsertGroup(Group group) {
        return attempt(() -> {
            requireName(group.name(), "group name");
            directory.put(group);
            directoryChanged();
            AUDIT.info("audit=group.upsert group={} permissions={}", group.name(), group.permissions().size());
            return group;
        });
    }

    @Override
    public Promise<Optional<Group>> group(String name) {
        return Promises.resolved(directory.group(name));
    }

    @Override
    public Promise<List<Group>> groups() {
        return Promises.resolved(directory.groups());
    }

    @Override
    public Promise<Boolean> deleteGroup(String name) {
        return attempt(() -> {
            if (ADMIN_GROUP.equals(name)) {
                throw new SwitchboardException("security.invalid-group", "the administrators' group cannot be deleted");
            }
            boolean removed = directory.removeGroup(name);
            directoryChanged();
            if (removed) {
                AUDIT.info("audit=group.delete group={}", name);
            }
            return removed;
        });
    }

    @Override
    public Promise<User> addToGroup(String username, String group) {
        return membership(username, group, true);
    }

    @Override
    public Promise<User> removeFromGroup(String username, String group) {
        return membership(username, group, false);
    }

    private Promise<User> membership(String username, String group, boolean join) {
        return attempt(() -> {
            Directory.Entry entry = directory.entry(username)
                    .orElseThrow(() -> new SwitchboardException("security.unknown-user", "no user '" + username + "'"));
            if (join && directory.group(group).isEmpty()) {
                throw new SwitchboardException("security.unknown-group", "no group '" + group + "'");
            }
            Set<String> groups = new LinkedHashSet<>(entry.user().groups());
            if (join ? groups.add(group) : groups.remove(group)) {
                User user = entry.user();
                User changed = new User(user.username(), user.custom(), user.enabled(), groups, user.permissions());
                directory.put(entry.with(changed));
                directoryChanged();
                AUDIT.info("audit=group.{} user={} group={}", join ? "join" : "leave", username, group);
                return changed;
            }
            return entry.user();
        });
    }

    @Override
    public Promise<User> createService(String username, ObjectNode custom, Set<String> groups) {
        return attempt(() -> {
            requireName(username, "service name");
            if (directory.entry(username).isPresent()) {
                throw new SwitchboardException("security.invalid-user", "a user named '" + username + "' already exists");
            }
            for (String group : groups) {
                if (directory.group(group).isEmpty()) {
                    throw new SwitchboardException("security.unknown-group", "no group '" + group + "'");
                }
            }
            User user = new User(username, custom == null ? JsonNodeFactory.instance.objectNode() : custom, true, groups, List.of());
            // no password hash: nothing ever matches it, so the service holds issued tokens only
            directory.put(Directory.Entry.created(user, null));
            directoryChanged();
            AUDIT.info("audit=service.create user={} groups={}", username, groups.size());
            return user;
        });
    }

    @Override
    public Promise<Login> issueServiceToken(String username, Duration lifetime) {
        return attempt(() -> {
            Directory.Entry entry = directory.entry(username).filter(e -> e.passwordHash() == null)
                    .orElseThrow(() -> new SwitchboardException("security.unknown-user", "no service '" + username + "'"));
            if (!entry.user().enabled()) {
                throw new SwitchboardException("security.invalid-user", "the service '" + username + "' is suspended");
            }
            Tokens.Issued issued = tokens.issue(username, entry.id(), entry.generation(), lifetime, Duration.ZERO);
            activity.issued(issued.claims());
            AUDIT.info("audit=service.token user={} token_id={} ttl_s={}", username, issued.claims().id(), lifetime.toSeconds());
            return new Login(issued.token(), principal(entry, issued.claims()));
        });
    }

    // --- login and tokens

    @Override
    public Promise<Login> login(String username, String password, String from, String kind) {
        return attempt(() -> {
            if (username == null || password == null || username.length() > MAX_CREDENTIAL_LENGTH || password.length() > MAX_CREDENTIAL_LENGTH) {
                AUDIT.info("audit=login outcome=refused from={} reason=\"malformed credentials\"", printable(from));
                meters.refused.increment();
                throw invalidCredentials();
            }
            String who = printable(username);
            SourceAddress source = SourceAddress.of(from);
            Optional<Directory.Entry> entry = current(username);
            if (failures.locked(username, source, entry.isPresent())) {
                AUDIT.warn("audit=login outcome=locked user={} from={}", who, printable(from));
                meters.locked.increment();
                throw new SwitchboardException("security.locked", "too many failed logins; this account is locked for a while from where you are");
            }
            // An unknown user costs the same hashing as a known one, and gets the same answer.
            boolean matches = hasher.matches(password, entry.map(Directory.Entry::passwordHash).orElse(decoy));
            if (!matches || entry.isEmpty() || !entry.get().user().enabled()) {
                LoginFailures.Counts counts = failures.failed(username, source, entry.isPresent());
                AUDIT.info("audit=login outcome=failed user={} from={} failures={} failures_all={}", who, printable(from),
                        counts.fromSource(), counts.fromAll());
                meters.failed.increment();
                if (failures.locksFromSource(counts)) {
                    AUDIT.warn("audit=lockout user={} from={} source={} attempts={}", who, printable(from), source.key(), counts.fromSource());
                    meters.lockoutFromSource.increment();
                }
                if (failures.locksEverywhere(counts)) {
                    AUDIT.warn("audit=lockout user={} from=everywhere-but-loopback attempts={}", who, counts.fromAll());
                    meters.lockoutEverywhere.increment();
                }
                throw invalidCredentials();
            }
            failures.succeeded(username, source);
            Directory.Entry user = entry.get();
            SessionPolicies.Limits limits = policies.limits(username, user.user().groups(), kind);
            Tokens.Issued issued = tokens.issue(username, user.id(), user.generation(), limits.ttl(), limits.inactivity());
            activity.issued(issued.claims());
            AUDIT.info("audit=login outcome=ok user={} from={} kind={} token_id={} ttl_s={} inactivity_s={}", who, printable(from), printable(kind),
                    issued.claims().id(), limits.ttl().toSeconds(), limits.inactivity().toSeconds());
            meters.ok.increment();
            return new Login(issued.token(), principal(user, issued.claims()));
        });
    }

    @Override
    public Promise<Principal> authenticate(String token) {
        return attempt(() -> {
            Tokens.Claims claims = tokens.verify(token);
            if (!activity.used(claims)) {
                throw new SwitchboardException("security.token-expired", "the token went unused for longer than its session policy allows");
            }
            Long revokedUntil = revoked.get(claims.id());
            if (revokedUntil == null && sharedStore) {
                revokedUntil = storedRevocation(claims.id());
            }
            if (revokedUntil != null) {
                throw new SwitchboardException("security.token-revoked", "the token was revoked");
            }
            Directory.Entry entry = current(claims.username())
                    .orElseThrow(() -> new SwitchboardException("security.invalid-token", "the token's user no longer exists"));
            if (!bound(entry, claims.userId(), claims.generation())) {
                throw new SwitchboardException("security.invalid-token", "the token's user was removed, or its password changed, since it was issued");
            }
            if (!entry.user().enabled()) {
                throw new SwitchboardException("security.invalid-token", "the token's user is disabled");
            }
            return principal(entry, claims);
        });
    }

    /** Whether a token's identity and generation are the user's as it is now. */
    private static boolean bound(Directory.Entry entry, String userId, long generation) {
        return entry.id() != null && entry.id().equals(userId) && entry.generation() == generation;
    }

    @Override
    public Promise<Void> revoke(String token) {
        return attempt(() -> {
            Tokens.Claims claims = tokens.claimsForRevocation(token);
            if (claims != null && revoked.putIfAbsent(claims.id(), claims.expires().toEpochMilli()) == null) {
                ObjectNode doc = JsonNodeFactory.instance.objectNode().put("expires", claims.expires().toEpochMilli());
                Directory.await(data.set(REVOKED + claims.id(), doc, Directory.WRITES));
                AUDIT.info("audit=token.revoke user={} token_id={}", claims.username(), claims.id());
                endSessions(principal -> claims.id().equals(principal.tokenId()), "the login was revoked");
            }
            return null;
        });
    }

    @Override
    public boolean isValid(Principal principal) {
        if (principal == null) {
            return false;
        }
        if (principal.tokenId() != null && !activity.stillActive(principal.tokenId())) {
            return false;
        }
        return !principal.expires().isBefore(clock.instant())
                && (principal.tokenId() == null || !revoked.containsKey(principal.tokenId()))
                && directory.entry(principal.username())
                        .map(entry -> entry.user().enabled() && bound(entry, principal.userId(), principal.generation())).orElse(false);
    }

    private void loadRevocations() {
        long now = clock.millis();
        for (Item item : Directory.await(data.find(REVOKED + "*", Query.ALL))) {
            long expires = item.data().path("expires").asLong();
            String id = item.path().substring(REVOKED.length());
            if (expires < now) {
                Directory.await(data.remove(item.path(), WriteOptions.DEFAULTS)); // the token is dead anyway: forget it
            } else {
                revoked.put(id, expires);
            }
        }
    }

    /**
     * On a shared store, hears every change to the directory and every revocation, wherever it was
     * made (in a cluster, data events cross nodes), so that a change on one runtime applies to the
     * live sessions of every runtime at once. A runtime with its own store makes every change itself.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindSubscriptions(SubscriptionService subscriptions) {
        if (!sharedStore) {
            return;
        }
        List<String> patterns = new java.util.ArrayList<>(Directory.patterns());
        patterns.add(REVOKED + "*");
        for (String pattern : patterns) {
            subscriptions.on(pattern, SubscribeOptions.DEFAULTS, this::sharedChange).onFailure(failure ->
                    LOG.error("changes to {} made by other runtimes on the shared store will not apply here: {}", pattern, failure.toString()));
        }
    }

    void unbindSubscriptions(SubscriptionService subscriptions) {
        // its subscriptions end with it
    }

    /** A change made on this runtime or another one on the shared store (this runtime's own come back too, and change nothing more). */
    void sharedChange(DataEvent event) {
        List<String> paths = event.action() == DataEvent.Action.SET ? List.of(event.path()) : event.removedPaths();
        boolean directoryChange = false;
        for (String path : paths) {
            if (path.startsWith(REVOKED) && event.action() == DataEvent.Action.SET) {
                String id = path.substring(REVOKED.length());
                if (revoked.putIfAbsent(id, event.data().path("expires").asLong()) == null) {
                    endSessions(principal -> id.equals(principal.tokenId()), "the login was revoked");
                }
            } else {
                directoryChange |= directory.changed(path, event.action() == DataEvent.Action.SET ? event.data() : null);
            }
        }
        if (directoryChange) {
            directoryChanged();
            endSessions(principal -> !boundNow(principal), "the user was deleted or disabled, or its password changed");
        }
    }

    /**
     * A user's entry for a login or a token's first use. On a shared store it is read from the store:
     * a change another node made before this node could hear of it (before the cluster formed: two
     * nodes starting at once on an empty store both make the administrator) is taken here. Later
     * checks of the session use the entry kept here, which the changes heard keep current.
     */
    private Optional<Directory.Entry> current(String username) {
        if (sharedStore && username != null) {
            directory.reload(username);
        }
        return directory.entry(username);
    }

    /** A revocation another node stored before this node could hear of it (it is kept from then on); null when none. */
    private Long storedRevocation(String tokenId) {
        try {
            Optional<Item> stored = Directory.await(data.get(REVOKED + tokenId));
            if (stored.isEmpty()) {
                return null;
            }
            long expires = stored.get().data().path("expires").asLong();
            revoked.putIfAbsent(tokenId, expires);
            return expires;
        } catch (SwitchboardException unreadable) {
            return null; // not a stored token id, or the store is away: what this node heard decides
        }
    }

    /** Whether the principal's user still exists, is enabled and has the credentials the login was made with. */
    private boolean boundNow(Principal principal) {
        return directory.entry(principal.username())
                .map(entry -> entry.user().enabled() && bound(entry, principal.userId(), principal.generation())).orElse(false);
    }

    private void directoryChanged() {
        generation.incrementAndGet();
        decided.clear();
    }

    /** Closes the live sessions whose login matches, telling each client why. */
    private void endSessions(java.util.function.Predicate<Principal> whose, String reason) {
        SessionManager current = sessions;
        if (current == null) {
            return;
        }
        for (Session session : current.sessions()) {
            if (session.attributes().get(Principal.SESSION_ATTRIBUTE) instanceof Principal principal && whose.test(principal)) {
                AUDIT.info("audit=session.end session={} user={} reason=\"{}\"", session.id(), principal.username(), reason);
                session.close(Session.CLOSE_ACCESS_ENDED, reason);
            }
        }
    }

    // --- decisions

    @Override
    public boolean allowed(Principal principal, String action, String pathOrPattern) {
        return decide(principal, action, pathOrPattern) == Decision.ALLOWED;
    }

    @Override
    public Decision decide(Principal principal, String action, String pathOrPattern) {
        if (!isValid(principal)) {
            return Decision.INVALID;
        }
        return permitted(principal.username(), action, pathOrPattern) ? Decision.ALLOWED : Decision.DENIED;
    }

    @Override
    public Decision decide(Principal principal, Access access) {
        if (access.kind() == Access.Kind.ANYONE) {
            return Decision.ALLOWED;
        }
        if (!isValid(principal)) {
            return Decision.INVALID;
        }
        return switch (access.kind()) {
            case LOGIN -> Decision.ALLOWED;
            case ADMINISTRATORS -> isAdministrator(principal.username()) ? Decision.ALLOWED : Decision.DENIED;
            case PERMISSION -> !reachableFromOutside(access.path()) ? Decision.DENIED
                    : permitted(principal.username(), access.action(), access.path()) ? Decision.ALLOWED : Decision.DENIED;
            default -> Decision.DENIED;
        };
    }

    /** The directory's own tree is managed through this service only: no request from outside reaches it, an administrator's neither. */
    private static boolean reachableFromOutside(String pathOrPattern) {
        // only a request that names /_SYSTEM can reach it: the common case costs no pattern work
        return !PathPattern.isReserved(pathOrPattern) || !PatternAlgebra.overlaps(pathOrPattern, Directory.ROOT + "/**");
    }

    /** Membership as the directory has it now, not as it was at login. */
    private boolean isAdministrator(String username) {
        return directory.entry(username).map(entry -> entry.user().enabled() && entry.user().groups().contains(ADMIN_GROUP)).orElse(false);
    }

    /**
     * For {@code Happn.allowed}: a user's permissions as they stand now (the session's token was checked
     * when the chain entered); an anonymous origin may do nothing while security is on.
     */
    @Override
    public boolean allowed(Origin origin, String action, String path) {
        return switch (origin.kind()) {
            case SYSTEM, COMPONENT -> true;
            case ANONYMOUS -> false;
            case USER -> permitted(origin.name(), action, path);
        };
    }

    /** A user's decision, remembered until the directory changes (the generation in the key leaves out any decided before). */
    private boolean permitted(String username, String action, String pathOrPattern) {
        String key = generation.get() + "\u0000" + username + '\u0000' + action + '\u0000' + pathOrPattern;
        return decided.get(key, ignored -> decisions.allowed(username, action, pathOrPattern));
    }

    // --- helpers

    private static Principal principal(Directory.Entry entry, Tokens.Claims claims) {
        return new Principal(entry.user().username(), entry.user().groups(), claims.id(), claims.expires(), claims.userId(), claims.generation());
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isEmpty() || name.length() > 128 || name.contains("/") || name.contains("*") || name.contains("{")) {
            throw new SwitchboardException("security.invalid-user", what + " must be 1 to 128 characters without '/', '*' or '{'");
        }
        try {
            Paths.requireWritable("/" + name);
        } catch (SwitchboardException e) {
            throw new SwitchboardException("security.invalid-user", what + " may use only letters, digits, space and ( ) { } + = & : % @ . _ - ~ $ , !");
        }
    }

    private static SwitchboardException invalidCredentials() {
        return new SwitchboardException("security.invalid-credentials", "invalid username or password");
    }

    /** What clients send goes into audit lines: encoded and cut as every log line's outside text is. */
    private static String printable(String text) {
        return text == null ? "-" : LogText.of(text, 128);
    }

    private static <T> Promise<T> attempt(java.util.concurrent.Callable<T> work) {
        try {
            return Promises.resolved(work.call());
        } catch (Exception e) {
            return Promises.failed(e);
        }
    }
}
