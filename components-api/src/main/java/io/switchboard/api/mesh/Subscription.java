package io.switchboard.api.mesh;

import org.osgi.annotation.versioning.ProviderType;

/** A live subscription; closing it stops delivery. Subscriptions also end when their component stops. */
@ProviderType
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
