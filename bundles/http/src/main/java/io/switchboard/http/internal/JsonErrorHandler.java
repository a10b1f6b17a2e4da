package io.switchboard.http.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.system.http.ErrorResponses;
import io.switchboard.system.log.CorrelationIds;
import io.switchboard.system.log.LogText;
import io.switchboard.system.log.RateLimitedLog;

/**
 * Jetty's error page, replaced: every error the HTTP server produces itself answers in the JSON
 * error format of the APIs ({@code {"error":{"code","message"}}}) with its status and the
 * {@link SecurityHeaders}. That covers a URL Jetty refuses before any servlet sees it (a bad
 * escape, an ambiguous {@code //} or {@code %2F}), a path no servlet serves, a method a servlet
 * does not take and a servlet that throws, for every method (Jetty's own page is only written for
 * GET, POST and HEAD).
 *
 * <p>Jetty cannot always tell which URL a malformed request was for (its error request is then
 * {@code /badMessage}), so the answer is JSON for every path, not only under {@code /api/}. A
 * message in the client's terms is kept; an internal failure's details never reach the client:
 * it gets a reference, and the log has the failure under the same reference.
 */
final class JsonErrorHandler implements Request.Handler {

    private static final Logger LOG = LoggerFactory.getLogger("io.switchboard.http");
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, 10, Duration.ofMinutes(1));
    /** Where the servlet container puts the exception a servlet threw (Felix's dispatcher sets it). */
    private static final String SERVLET_EXCEPTION = "jakarta.servlet.error.exception";
    /** A Java class name in a message (java.lang.IllegalStateException, com.example.Thing): not for clients. */
    private static final Pattern JAVA_CLASS = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+\\.[A-Z][A-Za-z0-9_$]*");
    private static final int MAX_MESSAGE_CHARS = 300;

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Throwable cause = cause(request);
        if (cause instanceof HttpException http) {
            status = http.getCode();
        }
        if (status < 400) {
            status = HttpStatus.INTERNAL_SERVER_ERROR_500;
        }
        response.setStatus(status);
        SecurityHeaders.apply(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (HttpMethod.HEAD.is(request.getMethod()) || HttpStatus.hasNoBody(status)) {
            callback.succeeded();
            return true;
        }
        byte[] body = ErrorResponses.body(HttpErrors.forStatus(status), message(request, status, cause));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static Throwable cause(Request request) {
        Object jetty = request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
        Object servlet = request.getAttribute(SERVLET_EXCEPTION);
        return jetty instanceof Throwable t ? t : servlet instanceof Throwable t ? t : null;
    }

    /** What the client is told: the reason in HTTP's terms, never a Java class or a stack. */
    private static String message(Request request, int status, Throwable cause) {
        if (status == HttpStatus.INTERNAL_SERVER_ERROR_500) {
            String reference = request.getAttribute(ServletFailures.REFERENCE) instanceof String logged ? logged : null;
            if (reference == null) {
                reference = CorrelationIds.next();
                FAILURES.error("http.internal-error", "http.internal-error reference={} method={} path={}", reference,
                        LogText.of(request.getMethod(), 16), LogText.of(request.getHttpURI().getPath()), cause);
            }
            return "the server failed to answer this request (reference " + reference + ")";
        }
        String reason = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String given ? given
                : cause instanceof HttpException http && http.getReason() != null ? http.getReason() : null;
        String standard = HttpStatus.getMessage(status);
        if (reason == null || reason.isBlank() || JAVA_CLASS.matcher(reason).find()) {
            reason = standard;
        }
        if (status == HttpStatus.NOT_FOUND_404 && reason.equals(standard)) {
            return "nothing is served at " + LogText.of(request.getHttpURI().getPath(), 200);
        }
        if (cause instanceof HttpException && status == HttpStatus.BAD_REQUEST_400) {
            return "the request cannot be read: " + reason;
        }
        return reason.length() > MAX_MESSAGE_CHARS ? reason.substring(0, MAX_MESSAGE_CHARS) + "..." : reason;
    }
}
