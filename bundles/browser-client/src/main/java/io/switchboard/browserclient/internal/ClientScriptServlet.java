package io.switchboard.browserclient.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.switchboard.system.access.Access;
import io.switchboard.system.http.ApiEndpoint;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/client.js}: the browser client. It is read once from the bundle; the ETag is its
 * content hash, so browsers revalidate cheaply and pick up a new client with a new bundle.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/client.js")
public final class ClientScriptServlet extends HttpServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;

    private byte[] script;
    private String etag;

    @Activate
    void activate() throws IOException, NoSuchAlgorithmException {
        try (InputStream in = ClientScriptServlet.class.getResourceAsStream("switchboard-client.js")) {
            script = in.readAllBytes();
        }
        etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script), 0, 16) + "\"";
    }

    /** A public script, the same for everyone. */
    @Override
    public Access access(HttpServletRequest request) {
        return Access.anyone();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", "no-cache");
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType("text/javascript");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(script.length);
        response.getOutputStream().write(script);
    }
}
