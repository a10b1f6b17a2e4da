package io.switchboard.bus.internal.hook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.switchboard.bus.Delivery;

/**
 * A delivery as a POST of the payload to a subscription's callback, with the JDK's HttpClient
 * (redirects never followed, a timeout per request). A webhook's request carries {@code Bus-Message-Id},
 * {@code Bus-Topic}, {@code Bus-Delivery} and, signed with its secret, {@code Bus-Signature: sha256=<hex>};
 * a WebSub one carries the {@code Link} header (rel=hub, rel=self) and {@code X-Hub-Signature}.
 * Any 2xx is taken; anything else, a timeout or an unreachable host is a failure to retry. WebSub's
 * 410 Gone ends the subscription.
 */
final class CallbackSink implements Sink {

    private final HttpClient client;
    private final Subscription subscription;
    private final URI callback;
    private final Duration timeout;

    CallbackSink(HttpClient client, Subscription subscription, Duration timeout) {
        this.client = client;
        this.subscription = subscription;
        this.callback = URI.create(subscription.callback());
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<Outcome> send(Delivery delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(callback).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.payload()));
        if (subscription.kind() == Subscription.Kind.WEBSUB) {
            request.header("Link", "<" + subscription.hubUrl() + ">; rel=\"hub\", <" + subscription.topicUrl() + ">; rel=\"self\"");
            if (subscription.secret() != null) {
                request.header("X-Hub-Signature", Signatures.sha256(subscription.secret(), delivery.payload()));
            }
        } else {
            request.header("Bus-Message-Id", delivery.id()).header("Bus-Topic", delivery.topic()).header("Bus-Delivery",
                    Integer.toString(delivery.deliveries()));
            if (subscription.secret() != null) {
                request.header("Bus-Signature", Signatures.sha256(subscription.secret(), delivery.payload()));
            }
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure != null) {
                return Outcome.failed(0, describe(failure));
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.ok(status);
            }
            if (status == 410 && subscription.kind() == Subscription.Kind.WEBSUB) {
                return new Outcome(false, status, "the callback answered 410 Gone: the subscription ends", true);
            }
            if (status >= 300 && status < 400) {
                String location = response.headers().firstValue("Location").orElse("");
                return Outcome.failed(status, "the callback answered " + status + " (a redirect" + (CallbackPolicy.internal(location) ? " to an internal address" : "")
                        + "), which is not followed");
            }
            return Outcome.failed(status, "the callback answered " + status);
        });
    }

    private String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms (callbackTimeoutMillis)";
        }
        if (cause instanceof java.net.ConnectException) {
            return "the callback could not be reached (connection refused or unreachable)";
        }
        return "the request failed" + (cause.getMessage() == null ? " (an I/O error)" : ": " + cause.getMessage());
    }
}
