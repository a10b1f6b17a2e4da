package io.switchboard.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.DeadLetter;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.ScheduleInfo;
import io.switchboard.bus.TopicInfo;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.WebhookInfo;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The Bus page shows what the bus says, names and payloads as text, and its actions name one dead letter or a topic's all. */
class BusPageTest {

    private static final String SCRIPT = "<script>alert(1)</script>";

    /** Calls to the stub bus's redrive and purge: method, topic, ids. */
    private final List<String> calls = new ArrayList<>();
    private int answer = 1;

    private final Bus bus = (Bus) Proxy.newProxyInstance(Bus.class.getClassLoader(), new Class<?>[] {Bus.class}, (proxy, method, args) -> {
        switch (method.getName()) {
            case "topics":
                return List.of(new TopicInfo(SCRIPT, TopicSettings.defaults("memory"), 7, 1,
                        Map.of("workers", new TopicInfo.GroupInfo(4, 2, 1, 3)), 10, 1.5, 0.25));
            case "schedules":
                return List.of(new ScheduleInfo(SCRIPT, "*/5 * * * *", "UTC", SCRIPT, false, 1_767_225_600_000L, 0, 0, null));
            case "webhooks":
                return List.of(new WebhookInfo("h1", "webhook", SCRIPT, "g", "http://" + SCRIPT + "/in", "failing", 0, 1, 0, 3, 1, 500,
                        "HTTP 500 " + SCRIPT, 1_767_225_600_000L, 0));
            case "deadLetters":
                return List.of(new DeadLetter(new Delivery(SCRIPT + "~1", SCRIPT, "workers", ("{\"x\":\"" + SCRIPT + "\"}").getBytes(StandardCharsets.UTF_8),
                        0, null, 5, 1_767_225_600_000L, false, Map.of()), "max-deliveries", 1_767_225_600_000L));
            case "redrive":
            case "purgeDeadLetters":
                calls.add(method.getName() + " " + args[0] + " " + args[1]);
                return answer;
            default:
                throw new UnsupportedOperationException(method.getName());
        }
    });

    private final BusPage page = new BusPage(new ConsoleAccess(null), bus);

    private static HttpServletRequest request(Map<String, String> parameters) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> method.getName().equals("getParameter") ? parameters.get((String) args[0]) : null);
    }

    private String rendered() throws Exception {
        StringWriter html = new StringWriter();
        page.render(request(Map.of()), new PrintWriter(html, true));
        return html.toString();
    }

    @Test
    void everyNameCallbackErrorAndPayloadIsShownAsText() throws Exception {
        String html = rendered();
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("http://&lt;script&gt;"), "the callback, as text: " + html);
        assertTrue(html.contains("HTTP 500 &lt;script&gt;"), "the last error, as text: " + html);
    }

    @Test
    void theTopicsRowHasDepthInFlightRatesAndConsumers() throws Exception {
        String html = rendered();
        assertTrue(html.contains("<td>memory</td><td>fifo</td><td>7</td><td>2</td><td>1</td><td>1.50</td><td>0.25</td><td>3</td>"
                + "<td>workers: 4 / 2 / 1 / 3</td>"), html);
        assertTrue(html.contains("<td>*/5 * * * * (UTC)</td>") && html.contains("2026-01-01 00:00:00 UTC"), "a schedule's next fire: " + html);
        assertTrue(html.contains("<td>500</td>"), "a webhook's last status: " + html);
        assertTrue(html.contains("1 topic(s), 1 schedule(s), 1 webhook and WebSub subscription(s), 1 dead letter(s)."), html);
    }

    /** A console whose directory is there, and a request from someone it does not know as an administrator. */
    private BusPage pageForNonAdministrators() throws Exception {
        ConsoleAccess access = new ConsoleAccess(null);
        java.lang.reflect.Field security = ConsoleAccess.class.getDeclaredField("security");
        security.setAccessible(true);
        security.set(access, Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {org.osgi.framework.ServiceReference.class},
                (proxy, method, args) -> null));
        return new BusPage(access, bus);
    }

    private static HttpServletResponse response(List<Integer> errors, StringWriter body) {
        PrintWriter writer = new PrintWriter(body, true);
        return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "sendError":
                            errors.add((Integer) args[0]);
                            return null;
                        case "getWriter":
                            return writer;
                        default:
                            return null;
                    }
                });
    }

    @Test
    void aNonAdministratorGets403AndSeesNothing() throws Exception {
        BusPage refusing = pageForNonAdministrators();
        List<Integer> errors = new ArrayList<>();
        StringWriter body = new StringWriter();
        refusing.doPost(request(Map.of("action", "purge", "topic", "orders")), response(errors, body));
        assertEquals(List.of(), calls, "nothing purged");
        refusing.doGet(request(Map.of("format", "json")), response(errors, body));
        assertEquals(List.of(403, 403), errors);
        refusing.renderContent(request(Map.of()), response(errors, body));
        assertTrue(body.toString().contains("Only administrators"), body.toString());
        assertFalse(body.toString().contains("script"), "no topic, schedule or webhook shown: " + body);
    }

    @Test
    void theActionsReDriveOrPurgeOneDeadLetterOrATopicsAll() {
        page.act("redrive", request(Map.of("topic", "orders", "message", "orders~3")));
        page.act("purge", request(Map.of("topic", "orders")));
        assertEquals(List.of("redrive orders [orders~3]", "purgeDeadLetters orders null"), calls);

        answer = 0;
        SwitchboardException none = assertThrows(SwitchboardException.class, () -> page.act("redrive", request(Map.of("topic", "orders",
                "message", "orders~3"))));
        assertEquals(ConsoleErrors.UNKNOWN_DEAD_LETTER, none.code());
        assertEquals(ConsoleErrors.MISSING_FIELD, assertThrows(SwitchboardException.class, () -> page.act("purge", request(Map.of()))).code());
        assertEquals(3, calls.size(), "a form without its topic calls nothing");
    }

}
