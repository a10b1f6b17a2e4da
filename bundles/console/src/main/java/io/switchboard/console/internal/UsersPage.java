package io.switchboard.console.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.security.Group;
import io.switchboard.security.Permission;
import io.switchboard.security.SecurityService;
import io.switchboard.security.User;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.json.JsonLimits;
import io.switchboard.system.log.Awaited;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /system/console/users}: the directory's users (enabled, groups, permissions, custom data)
 * and groups (permissions), with forms to create, change and delete both. Passwords can be set,
 * never read: the security service has no way to show one, nor its hash. Permissions are written
 * as the protocol writes them and read by the same code ({@link Permission#fromJson}). Only with
 * the security feature, whose directory it shows.
 */
@Component(service = Servlet.class, property = {"felix.webconsole.label=users", "felix.webconsole.title=Users",
        "felix.webconsole.category=Switchboard"})
public final class UsersPage extends ConsolePage {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> ACTIONS = Map.of(
            "saveUser", "The user was saved.",
            "deleteUser", "The user was deleted; its sessions ended.",
            "saveGroup", "The group was saved.",
            "deleteGroup", "The group was deleted.");

    private final transient SecurityService security;

    @Activate
    public UsersPage(@Reference ConsoleAccess access, @Reference SecurityService security) {
        super(access);
        this.security = security;
    }

    @Override
    Map<String, String> actions() {
        return ACTIONS;
    }

    @Override
    void act(String action, HttpServletRequest request) {
        switch (action) {
            case "saveUser" -> saveUser(request);
            case "deleteUser" -> {
                if (!await(security.deleteUser(field(request, "username")))) {
                    throw new SwitchboardException(AccessErrors.UNKNOWN_USER, "there is no such user");
                }
            }
            case "saveGroup" -> await(security.upsertGroup(new Group(field(request, "name"), permissions(request))));
            case "deleteGroup" -> {
                if (!await(security.deleteGroup(field(request, "name")))) {
                    throw new SwitchboardException(AccessErrors.UNKNOWN_GROUP, "there is no such group");
                }
            }
            default -> throw unknownAction(action);
        }
    }

    /**
     * Creates or changes a user, then its memberships. Everything is checked first (the groups
     * exist, the permissions and custom data read), so that a mistake changes nothing.
     */
    private void saveUser(HttpServletRequest request) {
        String username = field(request, "username");
        String password = request.getParameter("password");
        password = password == null || password.isEmpty() ? null : password;
        List<Permission> permissions = permissions(request);
        ObjectNode custom = custom(request);
        Set<String> groups = new LinkedHashSet<>();
        Arrays.stream(Optional.ofNullable(request.getParameter("groups")).orElse("").split(",")).map(String::trim)
                .filter(group -> !group.isEmpty()).forEach(groups::add);
        for (String group : groups) {
            if (await(security.group(group)).isEmpty()) {
                throw new SwitchboardException(AccessErrors.UNKNOWN_GROUP, "there is no group '" + group + "'");
            }
        }
        Set<String> had = await(security.user(username)).map(User::groups).orElse(Set.of());
        await(security.upsertUser(username, password, custom, request.getParameter("enabled") != null, permissions));
        for (String group : groups) {
            if (!had.contains(group)) {
                await(security.addToGroup(username, group));
            }
        }
        for (String group : had) {
            if (!groups.contains(group)) {
                await(security.removeFromGroup(username, group));
            }
        }
    }

    private static List<Permission> permissions(HttpServletRequest request) {
        String text = request.getParameter("permissions");
        return Permission.fromJson(text == null || text.isBlank() ? null : json(text, "permissions"));
    }

    private static ObjectNode custom(HttpServletRequest request) {
        String text = request.getParameter("custom");
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!(json(text, "custom") instanceof ObjectNode object)) {
            throw new SwitchboardException(ConsoleErrors.INVALID_INPUT, "'custom' must be a JSON object");
        }
        return object;
    }

    private static JsonNode json(String text, String field) {
        try {
            return JsonLimits.mapper().readTree(text);
        } catch (IOException e) {
            throw new SwitchboardException(ConsoleErrors.INVALID_INPUT, "'" + field + "' is not JSON within the limits");
        }
    }

    @Override
    void render(HttpServletRequest request, PrintWriter out) {
        List<User> users = await(security.users());
        List<Group> groups = await(security.groups());
        Optional<User> editing = Optional.ofNullable(request.getParameter("edit"))
                .flatMap(name -> users.stream().filter(u -> u.username().equals(name)).findFirst());
        StringBuilder html = new StringBuilder();
        html.append("<p id=\"sb-summary\">").append(users.size()).append(" user(s), ").append(groups.size()).append(" group(s).</p>")
                .append("<h3>Users</h3><table class=\"sb-table\" id=\"sb-users\"><thead><tr><th>User</th><th>Enabled</th><th>Groups</th>")
                .append("<th>Permissions</th><th>Custom</th><th></th></tr></thead><tbody>");
        for (User user : users) {
            html.append("<tr data-user=\"").append(Html.attribute(user.username())).append("\"><td>").append(Html.text(user.username()))
                    .append("</td><td>").append(user.enabled() ? "yes" : "<b>no</b>").append("</td><td>")
                    .append(Html.list(user.groups().stream().sorted().toList())).append("</td><td><pre class=\"sb-pre\">")
                    .append(Html.text(Permission.toJson(user.permissions()).toString())).append("</pre></td><td><pre class=\"sb-pre\">")
                    .append(Html.text(user.custom() == null ? "{}" : user.custom().toString())).append("</pre></td><td>")
                    .append("<a href=\"?edit=").append(Html.attribute(java.net.URLEncoder.encode(user.username(), java.nio.charset.StandardCharsets.UTF_8)))
                    .append("\">Edit</a> ").append(Html.button("Delete", "deleteUser", "username", user.username())).append("</td></tr>");
        }
        html.append("</tbody></table>");
        userForm(html, editing);
        html.append("<h3>Groups</h3><table class=\"sb-table\" id=\"sb-groups\"><thead><tr><th>Group</th><th>Permissions</th><th></th></tr>")
                .append("</thead><tbody>");
        for (Group group : groups) {
            html.append("<tr data-group=\"").append(Html.attribute(group.name())).append("\"><td>").append(Html.text(group.name()))
                    .append("</td><td><pre class=\"sb-pre\">").append(Html.text(Permission.toJson(group.permissions()).toString()))
                    .append("</pre></td><td>")
                    .append(SecurityService.ADMIN_GROUP.equals(group.name()) ? "" : Html.button("Delete", "deleteGroup", "name", group.name()))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>")
                .append("<form method=\"post\" class=\"sb-form\" id=\"sb-group-form\"><input type=\"hidden\" name=\"action\" value=\"saveGroup\">")
                .append("<b>Create or change a group</b><br><label>Name <input name=\"name\" required></label>")
                .append("<label>Permissions (JSON) <textarea name=\"permissions\" rows=\"2\" cols=\"60\">[]</textarea></label>")
                .append("<button type=\"submit\" class=\"ui-button\">Save group</button></form>");
        out.print(html);
    }

    private static void userForm(StringBuilder html, Optional<User> editing) {
        String name = editing.map(User::username).orElse("");
        html.append("<form method=\"post\" class=\"sb-form\" id=\"sb-user-form\" autocomplete=\"off\">")
                .append("<input type=\"hidden\" name=\"action\" value=\"saveUser\">")
                .append("<b>").append(editing.isPresent() ? "Change user " + Html.text(name) : "Create or change a user").append("</b><br>")
                .append("<label>Username <input name=\"username\" required value=\"").append(Html.attribute(name)).append("\"></label>")
                .append("<label>Password <input type=\"password\" name=\"password\" autocomplete=\"new-password\" placeholder=\"")
                .append(editing.isPresent() ? "unchanged when empty" : "").append("\"></label>")
                .append("<label><input type=\"checkbox\" name=\"enabled\" value=\"true\"")
                .append(editing.map(User::enabled).orElse(true) ? " checked" : "").append("> enabled</label>")
                .append("<label>Groups <input name=\"groups\" size=\"30\" placeholder=\"comma-separated\" value=\"")
                .append(Html.attribute(String.join(", ", editing.map(u -> u.groups().stream().sorted().toList()).orElse(List.of()))))
                .append("\"></label><br><label>Permissions (JSON) <textarea name=\"permissions\" rows=\"2\" cols=\"60\">")
                .append(Html.text(editing.map(u -> Permission.toJson(u.permissions()).toString()).orElse("[]")))
                .append("</textarea></label><label>Custom (JSON object) <textarea name=\"custom\" rows=\"2\" cols=\"30\">")
                .append(Html.text(editing.map(u -> u.custom() == null ? "{}" : u.custom().toString()).orElse("{}")))
                .append("</textarea></label><button type=\"submit\" class=\"ui-button\">Save user</button></form>");
    }

    /** The directory answers at once; its refusals keep their codes and messages. */
    private static <T> T await(Promise<T> promise) {
        return Awaited.value(promise, ConsoleErrors.FAILED, "the directory");
    }
}
