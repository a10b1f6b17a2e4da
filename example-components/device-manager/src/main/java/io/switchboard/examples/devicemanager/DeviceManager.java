package io.switchboard.examples.devicemanager;

import java.io.IOException;
import java.io.InputStream;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The seeds' {@code deviceManager}, before the mesh exists: it serves its device catalogue over HTTP.
 *
 * <p>Each release answers at {@code /examples/device-manager/<its version>}; the plain
 * {@code /examples/device-manager} is ranked by version, so while two releases run side by side it
 * answers from the newest, and falls back to the older one the moment the newer one goes away.
 */
@Component(immediate = true)
@RequireHttpWhiteboard
public final class DeviceManager {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceManager.class);
    private static final String BASE = "/examples/device-manager";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceRegistration<Servlet> registration;

    @Activate
    void activate(BundleContext context) throws IOException {
        Version version = context.getBundle().getVersion();
        String release = version.getMajor() + "." + version.getMinor() + "." + version.getMicro();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("component", "deviceManager");
        body.put("version", release);
        body.put("devices", loadDevices());

        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, new String[] {BASE, BASE + "/" + release});
        props.put(Constants.SERVICE_RANKING, version.getMajor() * 1_000_000 + version.getMinor() * 1_000 + version.getMicro());
        registration = context.registerService(Servlet.class, new CatalogueServlet(JSON.writeValueAsBytes(body)), props);
        LOG.info("deviceManager {} serving {} devices at {}/{}", release, ((List<?>) body.get("devices")).size(), BASE, release);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        LOG.info("deviceManager stopped");
    }

    private static List<Map<String, Object>> loadDevices() throws IOException {
        try (InputStream in = DeviceManager.class.getResourceAsStream("devices.json")) {
            return JSON.readValue(in, new TypeReference<List<Map<String, Object>>>() { });
        }
    }

    private static final class CatalogueServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final byte[] body;

        CatalogueServlet(byte[] body) {
            this.body = body;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getOutputStream().write(body);
        }
    }
}
