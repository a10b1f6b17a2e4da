package io.switchboard.session;

/**
 * The session layer does not take a new connection (too many sessions are open): thrown by {@link
 * SessionManager#open}. The transport closes the connection with {@link #closeCode()} and the
 * message as the close's reason, which a client reads (docs/protocol.md, "Close codes").
 *
 * @since 2.3
 */
public final class SessionRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int closeCode;

    public SessionRefusedException(int closeCode, String reason) {
        super(reason);
        this.closeCode = closeCode;
    }

    /** The WebSocket close code to close the connection with, for example {@link Session#CLOSE_TRY_AGAIN_LATER}. */
    public int closeCode() {
        return closeCode;
    }
}
