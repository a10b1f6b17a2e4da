package io.switchboard.itests.cluster.behaviour;

import java.io.IOException;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.mesh.EventSubscription;
import io.switchboard.mesh.Mesh;
import io.switchboard.mesh.MeshSnapshot;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Runs inside a runtime of the behaviour cluster, in a bundle of its own that is not a component:
 * serves at {@value #PATH} what an operator reads of the node's mesh (the console and the stats
 * service show the same), which the edge's API does not offer: {@code counts} (the event counts,
 * in total and by event), {@code snapshot} (per-method counts, in-flight calls, resolved
 * dependencies, failures) and {@code subscriptions} (how many component event subscriptions the
 * node holds itself, and how many it knows of, its own and the other nodes'), {@code bundle?file=}
 * (whether a bundle from that file of {@code deploy/} is installed); and what an operator
 * does to a bundle of {@code deploy/} (POST {@code stop?file=}, as the web console's button, and
 * {@code update?file=&from=}, the bundle updated in place from another jar and started), which is
 * how a bundle update in place unfolds in two steps the test can look between. A test runtime only:
 * outside {@code /api/}, it asks no login.
 */
public final class ClusterBehaviourOperator implements BundleActivator {

    static final String PATH = "/suite-operator";

    private ServiceRegistration<Servlet> registration;

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", PATH + "/*");
        registration = context.registerService(Servlet.class, new Reads(context), properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }

    /** GET {@value #PATH}/counts, /snapshot, /subscriptions. */
    private static final class Reads extends HttpServlet {

        private static final long serialVersionUID = 1L;
        private static final ObjectMapper JSON = new ObjectMapper();

        private final transient BundleContext context;

        Reads(BundleContext context) {
            this.context = context;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            ServiceReference<Mesh> reference = context.getServiceReference(Mesh.class);
            Mesh mesh = reference == null ? null : context.getService(reference);
            if (mesh == null) {
                response.sendError(503, "no mesh");
                return;
            }
            try {
                Object answer = switch (String.valueOf(request.getPathInfo())) {
                    case "/counts" -> counts(mesh);
                    case "/snapshot" -> mesh.snapshot();
                    case "/subscriptions" -> subscriptions(mesh);
                    case "/bundle" -> Map.of("installed", bundle(request.getParameter("file")) != null);
                    default -> null;
                };
                if (answer == null) {
                    response.sendError(404, "no such read");
                    return;
                }
                response.setContentType("application/json");
                JSON.writeValue(response.getOutputStream(), answer);
            } finally {
                context.ungetService(reference);
            }
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String file = request.getParameter("file");
            org.osgi.framework.Bundle bundle = bundle(file);
            if (bundle == null) {
                response.sendError(404, "no bundle from " + file);
                return;
            }
            try {
                switch (String.valueOf(request.getPathInfo())) {
                    case "/stop" -> bundle.stop();
                    case "/update" -> {
                        try (java.io.InputStream jar = java.nio.file.Files.newInputStream(java.nio.file.Path.of(request.getParameter("from")))) {
                            bundle.update(jar);
                        }
                        bundle.start();
                    }
                    default -> {
                        response.sendError(404, "no such step");
                        return;
                    }
                }
            } catch (org.osgi.framework.BundleException e) {
                response.sendError(500, e.getMessage());
                return;
            }
            response.setContentType("application/json");
            response.getWriter().write("{\"state\":" + bundle.getState() + "}");
        }

        /** The bundle FileInstall installed from a file of deploy/, or null. */
        private org.osgi.framework.Bundle bundle(String file) {
            return java.util.Arrays.stream(context.getBundles()).filter(each -> file != null && each.getLocation().endsWith("/" + file))
                    .findFirst().orElse(null);
        }

        private static Map<String, Object> counts(Mesh mesh) {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("total", mesh.eventCounts());
            counts.put("byEvent", mesh.eventCountsByEvent());
            return counts;
        }

        /** Component subscriptions only: a client's stays on its node (or goes for all of a node's clients, brokered). */
        private static Map<String, Object> subscriptions(Mesh mesh) {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("own", mesh.eventSubscriptions().stream().filter(each -> !EventSubscription.CLIENTS.equals(each.subscriber())).count());
            counts.put("known", mesh.snapshot().subscriptions().stream().filter(ClusterBehaviourOperator.Reads::ofAComponent).count());
            return counts;
        }

        private static boolean ofAComponent(MeshSnapshot.EventSubscription subscription) {
            return subscription.session() == null && !subscription.subscriber().contains(":")
                    && !subscription.subscriber().startsWith(EventSubscription.CLIENTS + "@");
        }
    }
}
