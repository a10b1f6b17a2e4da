package io.switchboard.session;

import java.time.Instant;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import com.fasterxml.jackson.databind.JsonNode;

/** One client's session, as services that act on its requests see it. */
@ProviderType
public interface Session {

    /** WebSocket close codes the runtime uses, beyond the standard ones (docs/protocol.md). */
    int CLOSE_NO_HANDSHAKE = 4001;
    int CLOSE_HEARTBEAT_MISSED = 4002;
    int CLOSE_PROTOCOL_ERROR = 4003;
    int CLOSE_SLOW_CONSUMER = 4008;
    int CLOSE_RATE_LIMITED = 4029;
    int CLOSE_ACCESS_ENDED = 4010;
    /** An administrator closed the session (the web console's Sessions view). @since 2.1 */
    int CLOSE_BY_ADMINISTRATOR = 4011;
    /** The standard "try again later": the server has as many sessions open as it takes (its {@code maxSessions}). @since 2.3 */
    int CLOSE_TRY_AGAIN_LATER = 1013;

    String id();

    String protocol();

    String transport();

    String remoteAddress();

    Instant started();

    boolean isOpen();

    /**
     * Values other services keep for the session's lifetime (the security service keeps the user
     * here). Thread-safe.
     */
    Map<String, Object> attributes();

    /**
     * Delivers an event on a channel the client subscribed to. Publications keep their order per
     * session; a client that does not read fast enough is handled by the configured slow-consumer
     * policy.
     */
    void publish(String channel, JsonNode event);

    /**
     * How many bytes of answers and publications wait for the client to read them: the depth of the
     * session's outbound queue, for operators. @since 2.1
     */
    default long unsentBytes() {
        return 0;
    }

    /** Runs when the session ends, for whatever reason (to drop its subscriptions, for example). */
    void onClose(Runnable cleanup);

    /** Ends the session and closes its connection. */
    void close(int code, String reason);
}
