package io.switchboard.client;

import org.osgi.annotation.versioning.ProviderType;

/** A subscription made through the client; it survives reconnects until {@link SwitchboardClient#off}. */
@ProviderType
public interface ClientSubscription {

    String pattern();

    /** The server's id for it now; a new one after each reconnect. */
    String currentId();

    boolean isActive();
}
