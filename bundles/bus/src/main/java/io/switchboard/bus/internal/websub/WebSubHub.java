package io.switchboard.bus.internal.websub;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.hook.CallbackPolicy;
import io.switchboard.bus.internal.hook.Subscription;
import io.switchboard.bus.internal.hook.Webhooks;

/**
 * The WebSub hub (W3C Recommendation, 2018) for the bus's topics, at {@code POST /api/bus/hub}:
 * subscription and unsubscription with verification of intent (5.1, 5.3), leases that run out and
 * are renewed by subscribing again, content distribution as signed POSTs with the Link header (7, 8)
 * through the webhooks' pumps, and the publisher's ping. docs/bus-webhooks.md goes through the spec.
 */
@Component(service = WebSubHub.class)
public final class WebSubHub {

    private static final Logger LOG = LoggerFactory.getLogger(WebSubHub.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Read of a verification answer: enough for the challenge and some whitespace, never a callback's whole body. */
    private static final int MAX_ECHO_BYTES = 1024;
    /** Verifications in flight at once: each is a request to a URL a client chose, so their number is bounded. */
    static final int MAX_PENDING_VERIFICATIONS = 100;
    /** What refuses a subscription found only after its 202 (verification comes first): the subscriber is sent hub.mode=denied. */
    private static final Set<String> DENIALS = Set.of(BusErrors.UNKNOWN_TOPIC, BusErrors.TOO_MANY_SUBSCRIPTIONS);

    private final Webhooks hooks;
    private final BusCore bus;
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.Semaphore verifications = new java.util.concurrent.Semaphore(MAX_PENDING_VERIFICATIONS);

    @Activate
    public WebSubHub(@Reference Webhooks hooks, @Reference BusCore bus) {
        this.hooks = hooks;
        this.bus = bus;
    }

    /** The subscription's id: one per topic and callback (WebSub's key), so subscribing again renews it. */
    static String id(String topic, String callback) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((topic + "\n" + callback).getBytes(StandardCharsets.UTF_8));
            return "ws" + HexFormat.of().formatHex(hash, 0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * A subscribe or unsubscribe request: checked at once (what can be known without the subscriber),
     * then verified with the subscriber, before the answer when {@code hub.verify=sync}, else after.
     *
     * @param hubUrl this hub's URL as the subscriber reached it (the rel=hub link)
     * @return the answer's body (202)
     */
    public ObjectNode request(HubRequest request, String hubUrl) {
        bus.settings(request.topic()).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + request.topic() + "'"));
        URI callback = hooks.policy().check(request.callback());
        String id = id(request.topic(), callback.toString());
        boolean subscribe = request.mode().equals("subscribe");
        if (!subscribe && hooks.get(id).isEmpty()) {
            throw new SwitchboardException(BusErrors.UNKNOWN_SUBSCRIPTION, "no subscription of " + BusErrors.shown(request.callback()) + " to topic '"
                    + request.topic() + "'");
        }
        long lease = leaseSeconds(request.leaseSeconds());
        if (!verifications.tryAcquire()) {
            throw new SwitchboardException(BusErrors.TOO_MANY_WAITING, "the hub is verifying " + MAX_PENDING_VERIFICATIONS
                    + " subscriptions already; try again shortly");
        }
        CompletableFuture<Long> sent;
        try {
            sent = verify(request, callback, lease);
        } catch (RuntimeException e) {
            verifications.release();
            throw e;
        }
        sent.whenComplete((done, failure) -> verifications.release());
        CompletableFuture<Void> verified = sent.thenAccept(startedAt -> {
            if (subscribe) {
                try {
                    bus.settings(request.topic()).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "topic '" + request.topic()
                            + "' was deleted while the subscription was verified"));
                    long createdAt = hooks.get(id).map(Subscription::createdAt).orElse(startedAt);
                    hooks.put(new Subscription(id, Subscription.Kind.WEBSUB, request.topic(), "websub-" + id, callback.toString(), request.secret(), null,
                            createdAt, startedAt + lease * 1000, request.topicUrl(), hubUrl));
                } catch (SwitchboardException e) {
                    if (!request.sync() && DENIALS.contains(e.code())) {
                        deny(callback, request.topicUrl(), e.getMessage()); // accepted with 202, refused now: the subscriber hears it (5.2)
                    }
                    throw e;
                }
            } else {
                hooks.remove(id);
            }
        });
        ObjectNode answer = JSON.createObjectNode().put("id", id).put("mode", request.mode()).put("topic", request.topic());
        if (subscribe) {
            answer.put("leaseSeconds", lease);
        }
        if (!request.sync()) {
            verified.exceptionally(failure -> {
                LOG.info("bus hub: {} of {} to topic {} not verified: {}", request.mode(), request.callback(), request.topic(), cause(failure).getMessage());
                return null;
            });
            return answer.put("verification", "pending");
        }
        try {
            verified.join();
        } catch (CompletionException e) {
            throw cause(e);
        }
        return answer.put("verification", "verified");
    }

    /**
     * Tells a subscriber that the hub refused or ended its subscription (5.2): a GET to the callback
     * with {@code hub.mode=denied}, {@code hub.topic} and {@code hub.reason}, sent without waiting,
     * its answer not read, counted among the verifications in flight (a request to a URL a client chose).
     */
    public void deny(URI callback, String topicUrl, String reason) {
        if (!verifications.tryAcquire()) {
            LOG.info("bus hub: {} was not told of its denial ({}): {} verifications are in flight", callback, reason, MAX_PENDING_VERIFICATIONS);
            return;
        }
        String query = callback + (callback.getRawQuery() == null ? "?" : "&") + "hub.mode=denied&hub.topic=" + encode(topicUrl) + "&hub.reason="
                + encode(reason);
        HttpRequest get = HttpRequest.newBuilder(URI.create(query)).timeout(Duration.ofMillis(hooks.config().callbackTimeoutMillis())).GET().build();
        hooks.client().sendAsync(get, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            verifications.release();
            LOG.info("bus hub: told {} its subscription to {} is denied ({}): {}", callback, topicUrl, reason,
                    failure == null ? "answered " + response.statusCode() : "no answer");
        });
    }

    /** The lease granted: the one asked for within the hub's bounds, or the default. */
    long leaseSeconds(Long asked) {
        long min = Math.max(1, hooks.config().websubMinLeaseSeconds());
        long max = Math.max(min, hooks.config().websubMaxLeaseSeconds());
        long lease = asked == null ? hooks.config().websubDefaultLeaseSeconds() : asked;
        return Math.min(max, Math.max(min, lease));
    }

    /**
     * Verification of intent (5.3): a GET to the callback with hub.mode, hub.topic, hub.challenge
     * and (subscribe) hub.lease_seconds; only a 2xx whose body is the challenge confirms it.
     *
     * @return when the verification was sent (the lease counts from then), or a failure with a {@code bus.*} code
     */
    private CompletableFuture<Long> verify(HubRequest request, URI callback, long lease) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String challenge = HexFormat.of().formatHex(bytes);
        StringBuilder query = new StringBuilder(callback.toString()).append(callback.getRawQuery() == null ? '?' : '&');
        query.append("hub.mode=").append(request.mode()).append("&hub.topic=").append(encode(request.topicUrl())).append("&hub.challenge=").append(challenge);
        if (request.mode().equals("subscribe")) {
            query.append("&hub.lease_seconds=").append(lease);
        }
        long startedAt = hooks.now();
        HttpRequest get = HttpRequest.newBuilder(URI.create(query.toString())).timeout(Duration.ofMillis(hooks.config().callbackTimeoutMillis())).GET().build();
        return hooks.client().sendAsync(get, HttpResponse.BodyHandlers.ofInputStream()).handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(new SwitchboardException(BusErrors.CALLBACK_UNREACHABLE, "the callback could not be reached to verify the "
                        + request.mode() + " (" + (unwrap(failure) instanceof java.net.http.HttpTimeoutException ? "no answer within "
                                + hooks.config().callbackTimeoutMillis() + " ms" : "refused or unreachable") + ")"));
            }
            int status = response.statusCode();
            String echoed = read(response.body());
            if (status >= 300 && status < 400) {
                String location = response.headers().firstValue("Location").orElse("");
                throw new CompletionException(new SwitchboardException(BusErrors.CALLBACK_REDIRECT, "the callback answered verification with " + status
                        + ", a redirect" + (CallbackPolicy.internal(location) ? " to an internal address" : "") + "; the hub follows no redirects"));
            }
            if (status < 200 || status >= 300) {
                throw new CompletionException(new SwitchboardException(BusErrors.CHALLENGE_FAILED, "the callback answered verification with " + status
                        + (status == 404 ? ": the subscriber does not agree" : "") + "; only a 2xx echoing hub.challenge confirms the " + request.mode()));
            }
            if (!challenge.equals(echoed.strip())) {
                throw new CompletionException(new SwitchboardException(BusErrors.CHALLENGE_FAILED, "the callback answered verification with " + status
                        + " but did not echo hub.challenge in its body"));
            }
            return startedAt;
        });
    }

    private static String read(InputStream body) {
        try (InputStream in = body) {
            return new String(in.readNBytes(MAX_ECHO_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The publisher's ping (hub.mode=publish): the topic's subscribers are served now. */
    public ObjectNode ping(HubRequest request) {
        bus.settings(request.topic()).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + request.topic() + "'"));
        int woken = hooks.wake(request.topic(), Subscription.Kind.WEBSUB);
        return JSON.createObjectNode().put("mode", "publish").put("topic", request.topic()).put("subscribers", woken);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static RuntimeException cause(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof RuntimeException runtime ? runtime : new SwitchboardException(BusErrors.CALLBACK_UNREACHABLE, "the verification failed");
    }
}
