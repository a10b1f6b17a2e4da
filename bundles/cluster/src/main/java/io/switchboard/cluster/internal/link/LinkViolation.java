package io.switchboard.cluster.internal.link;

import java.io.IOException;

/** The other side of a link broke the protocol: the link is closed and the reason logged. */
public final class LinkViolation extends IOException {

    private static final long serialVersionUID = 1L;

    public LinkViolation(String message) {
        super(message);
    }
}
