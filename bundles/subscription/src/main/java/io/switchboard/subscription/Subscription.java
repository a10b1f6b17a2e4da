package io.switchboard.subscription;

import org.osgi.annotation.versioning.ProviderType;

import io.switchboard.data.path.PathPattern;

/** A live subscription. */
@ProviderType
public interface Subscription {

    /** Unique within the runtime, and not guessable: a client cannot name another session's subscription. */
    String id();

    PathPattern pattern();

    SubscribeOptions options();

    /** False once unsubscribed, by {@code off} or because its event count was used up. */
    boolean isActive();
}
