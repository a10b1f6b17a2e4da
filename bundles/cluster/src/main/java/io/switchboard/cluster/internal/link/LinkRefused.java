package io.switchboard.cluster.internal.link;

import java.io.IOException;

/** A handshake ended in a refusal: the peer (or this side) found the other without the secret, or its name taken. */
public final class LinkRefused extends IOException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public LinkRefused(String code, String message) {
        super(message);
        this.code = code;
    }

    /** One of {@link io.switchboard.cluster.ClusterErrors}. */
    public String code() {
        return code;
    }
}
