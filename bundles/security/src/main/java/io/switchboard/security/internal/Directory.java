package io.switchboard.security.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.security.Group;
import io.switchboard.security.Permission;
import io.switchboard.security.User;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.log.Awaited;

/**
 * Users and groups, stored through the data service under the reserved {@code /_SYSTEM/security/}
 * (which no request from outside reaches: {@link SecurityServiceImpl#decide(io.switchboard.security.Principal,
 * io.switchboard.system.access.Access)}), with the current state held in memory for permission
 * decisions. Password hashes never leave this bundle but to be checked.
 */
final class Directory {

    static final String ROOT = "/_SYSTEM/security";
    private static final String USERS = ROOT + "/users/";
    private static final String GROUPS = ROOT + "/groups/";
    /**
     * Directory writes (and revocations) are ACKNOWLEDGED: on a shared store every runtime's security
     * hears them (SecurityServiceImpl#sharedChange), and a change returns once it applies on all of
     * them. Alone, no subscriber hears them and nothing waits.
     */
    static final WriteOptions WRITES = WriteOptions.DEFAULTS.withConsistency(io.switchboard.data.Consistency.ACKNOWLEDGED);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * A stored user: what {@link User} shows, the hash, and what its tokens are bound to: the
     * identity made when the user was created (a user deleted and made again under the same name
     * is another identity) and the credentials generation, raised when the password changes.
     */
    record Entry(User user, String passwordHash, String id, long generation) {

        /** A new identity for a new user. */
        static Entry created(User user, String passwordHash) {
            return new Entry(user, passwordHash, UUID.randomUUID().toString(), 0);
        }

        Entry with(User changed) {
            return new Entry(changed, passwordHash, id, generation);
        }

        /** The same identity with a new password: tokens issued before stop working. */
        Entry withPassword(String hash) {
            return new Entry(user, hash, id, generation + 1);
        }
    }

    private final DataService data;
    private final Map<String, Entry> users = new ConcurrentHashMap<>();
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    Directory(DataService data) {
        this.data = data;
        for (Item item : await(data.find(USERS + "*", Query.ALL))) {
            Entry entry = entry(item.path().substring(USERS.length()), item.data());
            if (entry.id() == null) {
                // stored before users had an identity: give it one (tokens issued before then stop working)
                put(new Entry(entry.user(), entry.passwordHash(), UUID.randomUUID().toString(), entry.generation()));
            } else {
                users.put(entry.user().username(), entry);
            }
        }
        for (Item item : await(data.find(GROUPS + "*", Query.ALL))) {
            String name = item.path().substring(GROUPS.length());
            groups.put(name, new Group(name, permissions(item.data().path("permissions"))));
        }
    }

    Optional<Entry> entry(String username) {
        return Optional.ofNullable(users.get(username));
    }

    Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    List<User> users() {
        return users.values().stream().map(Entry::user).sorted(java.util.Comparator.comparing(User::username)).toList();
    }

    List<Group> groups() {
        return groups.values().stream().sorted(java.util.Comparator.comparing(Group::name)).toList();
    }

    void put(Entry entry) {
        ObjectNode doc = NODES.objectNode();
        doc.put("password", entry.passwordHash());
        doc.put("id", entry.id());
        doc.put("generation", entry.generation());
        doc.set("custom", entry.user().custom() == null ? NODES.objectNode() : entry.user().custom());
        doc.put("enabled", entry.user().enabled());
        ArrayNode memberOf = doc.putArray("groups");
        entry.user().groups().forEach(memberOf::add);
        doc.set("permissions", Permission.toJson(entry.user().permissions()));
        await(data.set(USERS + entry.user().username(), doc, WRITES));
        users.put(entry.user().username(), entry);
    }

    boolean removeUser(String username) {
        await(data.remove(USERS + username, WRITES));
        return users.remove(username) != null;
    }

    void put(Group group) {
        ObjectNode doc = NODES.objectNode();
        doc.set("permissions", Permission.toJson(group.permissions()));
        await(data.set(GROUPS + group.name(), doc, WRITES));
        groups.put(group.name(), group);
    }

    boolean removeGroup(String name) {
        await(data.remove(GROUPS + name, WRITES));
        return groups.remove(name) != null;
    }

    /**
     * Takes a user or group document as the store has it now, written by another runtime on a shared
     * store (this runtime's own writes come back too, the same). A path outside the directory is ignored.
     *
     * @param doc the document, or null when it was removed
     * @return whether the path is a user's or a group's
     */
    boolean changed(String path, JsonNode doc) {
        if (path.startsWith(USERS) && path.indexOf('/', USERS.length()) < 0) {
            String username = path.substring(USERS.length());
            if (doc == null) {
                users.remove(username);
            } else {
                Entry entry = entry(username, doc);
                if (entry.id() != null) {
                    users.put(username, entry);
                }
            }
            return true;
        }
        if (path.startsWith(GROUPS) && path.indexOf('/', GROUPS.length()) < 0) {
            String name = path.substring(GROUPS.length());
            if (doc == null) {
                groups.remove(name);
            } else {
                groups.put(name, new Group(name, permissions(doc.path("permissions"))));
            }
            return true;
        }
        return false;
    }

    /** Reads a user's entry from the store again (another runtime on a shared store may have changed it). */
    void reload(String username) {
        if (username.isEmpty() || username.indexOf('/') >= 0 || username.length() > 1024) {
            return; // not a stored user's name: nothing to read (the caller refuses it as unknown)
        }
        try {
            changed(USERS + username, await(data.get(USERS + username)).map(Item::data).orElse(null));
        } catch (SwitchboardException invalidPath) {
            // a name that is no path segment is no user
        }
    }

    /** The patterns of the documents {@link #changed} takes. */
    static List<String> patterns() {
        return List.of(USERS + "*", GROUPS + "*");
    }

    private static Entry entry(String username, JsonNode doc) {
        Set<String> memberOf = new LinkedHashSet<>();
        doc.path("groups").forEach(group -> memberOf.add(group.asText()));
        ObjectNode custom = doc.get("custom") instanceof ObjectNode object ? object : NODES.objectNode();
        User user = new User(username, custom, doc.path("enabled").asBoolean(true), memberOf, permissions(doc.path("permissions")));
        return new Entry(user, doc.path("password").asText(null), doc.path("id").asText(null), doc.path("generation").asLong(0));
    }

    private static List<Permission> permissions(JsonNode array) {
        List<Permission> permissions = new ArrayList<>();
        for (JsonNode json : array) {
            Set<String> actions = new LinkedHashSet<>();
            json.path("actions").forEach(action -> actions.add(action.asText()));
            Set<String> prohibited = new LinkedHashSet<>();
            json.path("prohibited").forEach(action -> prohibited.add(action.asText()));
            permissions.add(new Permission(json.path("pattern").asText(), actions, prohibited));
        }
        return permissions;
    }

    /** The data service resolves at once for the in-memory and embedded stores; waiting here keeps the directory simple. */
    static <T> T await(Promise<T> promise) {
        return Awaited.value(promise, AccessErrors.STORE_FAILED, "the directory");
    }
}
