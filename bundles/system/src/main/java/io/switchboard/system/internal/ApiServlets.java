package io.switchboard.system.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.switchboard.system.http.ApiEndpoint;
import jakarta.servlet.Servlet;

/**
 * The whiteboard servlets, by the name the HTTP whiteboard gives them (their
 * {@code osgi.http.whiteboard.servlet.name}, else their class name), so that the gate can tell
 * which servlet a request is about to reach.
 */
final class ApiServlets {

    private static final String NAME = "osgi.http.whiteboard.servlet.name";
    private static final String PATTERN = "osgi.http.whiteboard.servlet.pattern";

    private record Registered(Servlet servlet, String name, List<String> patterns) {
    }

    private final List<Registered> servlets = new CopyOnWriteArrayList<>();

    void add(Servlet servlet, Map<String, Object> properties) {
        Object name = properties.get(NAME);
        servlets.add(new Registered(servlet, name == null ? servlet.getClass().getName() : name.toString(), strings(properties.get(PATTERN))));
    }

    void remove(Servlet servlet) {
        servlets.removeIf(registered -> registered.servlet() == servlet);
    }

    /**
     * The servlets the whiteboard may have chosen for a request it mapped to this name and pattern,
     * each as its declaration; an empty list when none is known, and {@code null} in the list for
     * one that declares nothing. Two servlets of one name and pattern (two versions of a bundle)
     * both count: the request must satisfy each.
     */
    List<ApiEndpoint> endpoints(String servletName, String pattern) {
        List<Registered> named = servlets.stream().filter(registered -> registered.name().equals(servletName)).toList();
        List<Registered> matching = named.stream().filter(registered -> registered.patterns().contains(pattern)).toList();
        return (matching.isEmpty() ? named : matching).stream()
                .map(registered -> registered.servlet() instanceof ApiEndpoint endpoint ? endpoint : null).toList();
    }

    private static List<String> strings(Object value) {
        if (value instanceof String single) {
            return List.of(single);
        }
        if (value instanceof String[] many) {
            return List.of(many);
        }
        if (value instanceof java.util.Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
