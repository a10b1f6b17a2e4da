package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.security.Group;
import io.switchboard.security.Permission;
import io.switchboard.security.SecurityService;
import io.switchboard.security.User;

class DecisionsTest {

    private static Directory.Entry user(String name, ObjectNode custom, boolean enabled, Set<String> groups, Permission... own) {
        return Directory.Entry.created(new User(name, custom, enabled, groups, List.of(own)), "hash");
    }

    private static Decisions decisions(Map<String, Directory.Entry> users, Map<String, Group> groups) {
        return new Decisions(name -> Optional.ofNullable(users.get(name)), name -> Optional.ofNullable(groups.get(name)));
    }

    @Test
    void grantsFromUserAndGroupsAndProhibitionsWin() {
        Group readers = new Group("readers", List.of(Permission.grant("/shop/**", "get", "on", "count"),
                Permission.prohibit("/shop/secret/**", "*")));
        Decisions decisions = decisions(Map.of("ann", user("ann", null, true, Set.of("readers"), Permission.grant("/ann/**", "*"))),
                Map.of("readers", readers));
        assertTrue(decisions.allowed("ann", "get", "/shop/items/1"));
        assertTrue(decisions.allowed("ann", "on", "/shop/items/*"));
        assertFalse(decisions.allowed("ann", "set", "/shop/items/1"), "not granted");
        assertFalse(decisions.allowed("ann", "get", "/shop/secret/plan"), "prohibited");
        assertFalse(decisions.allowed("ann", "get", "/shop/**"), "a pattern reaching a prohibited path");
        assertFalse(decisions.allowed("ann", "count", "/**"), "a pattern broader than the grant");
        assertTrue(decisions.allowed("ann", "remove", "/ann/notes/1"));
        assertFalse(decisions.allowed("bob", "get", "/shop/items/1"), "an unknown user may do nothing");
    }

    @Test
    void administratorsMayDoAnythingAndDisabledUsersNothing() {
        Decisions decisions = decisions(Map.of(
                "root", user("root", null, true, Set.of(SecurityService.ADMIN_GROUP)),
                "off", user("off", null, false, Set.of(SecurityService.ADMIN_GROUP))), Map.of());
        assertTrue(decisions.allowed("root", "remove", "/**"));
        assertFalse(decisions.allowed("off", "get", "/a"));
    }

    @Test
    void templatesFillInTheUserAndNeverExpandToWildcards() {
        Permission home = Permission.grant("/home/{{user.username}}/**", "*");
        Permission region = Permission.grant("/regions/{{user.custom.region}}/*", "get");
        ObjectNode northern = JsonNodeFactory.instance.objectNode().put("region", "north");
        ObjectNode sneaky = JsonNodeFactory.instance.objectNode().put("region", "*");
        Decisions decisions = decisions(Map.of(
                "ann", user("ann", northern, true, Set.of(), home, region),
                "eve", user("eve", sneaky, true, Set.of(), region)), Map.of());
        assertTrue(decisions.allowed("ann", "set", "/home/ann/x"));
        assertFalse(decisions.allowed("ann", "set", "/home/bob/x"));
        assertTrue(decisions.allowed("ann", "get", "/regions/north/a"));
        assertFalse(decisions.allowed("eve", "get", "/regions/south/a"), "a custom value of '*' grants nothing");
        assertFalse(decisions.allowed("eve", "get", "/regions/*/a"));
    }

    @Test
    void theReservedTreeIsForAdministratorsOnlyWhateverAGrantSays() {
        Decisions decisions = decisions(Map.of(
                "root", user("root", null, true, Set.of(SecurityService.ADMIN_GROUP)),
                "eve", user("eve", null, true, Set.of(), Permission.grant("/**", "*"), Permission.grant("/_SYSTEM/**", "*"))), Map.of());
        assertTrue(decisions.allowed("eve", "set", "/anything/else"));
        assertTrue(decisions.allowed("eve", "remove", "/**"), "/** does not reach /_SYSTEM, so a grant on /** covers it");
        assertFalse(decisions.allowed("eve", "set", "/_SYSTEM/security/users/eve"), "a grant naming the tree is void");
        assertFalse(decisions.allowed("eve", "get", "/_SYSTEM/**"));
        assertTrue(decisions.allowed("root", "get", "/_SYSTEM/_CACHE/x"));
    }

    @Test
    void aRequestNoStoreCouldTakeIsRefusedWithoutWorkingItOut() {
        Decisions decisions = decisions(Map.of("ann", user("ann", null, true, Set.of(), Permission.grant("/a/**", "get"))), Map.of());
        assertTrue(decisions.allowed("ann", "get", "/a/b"));
        assertFalse(decisions.allowed("ann", "get", "/a" + "/b".repeat(100_000)));
    }
}
