package io.switchboard.session.internal;

/**
 * The session layer's limits and timings (configuration PID {@code io.switchboard.session}).
 *
 * @param heartbeatMillis      how often a heartbeat is sent to each client
 * @param missedBeats          how many unanswered heartbeats end a session
 * @param handshakeMillis      how long a new connection may take to send its handshake
 * @param outboundMaxBytes     how many bytes may wait unsent to one client before the slow-consumer policy applies
 * @param dropSlowPublications true: drop (and count) publications to a slow client; false: disconnect it
 * @param ratePerSecond        requests one session may send per second, on average; 0 for no limit
 * @param rateBurst            requests one session may send at once above that average
 */
record SessionSettings(long heartbeatMillis, int missedBeats, long handshakeMillis, long outboundMaxBytes,
                       boolean dropSlowPublications, int ratePerSecond, int rateBurst) {

    static SessionSettings from(SessionManagerImpl.Config config) {
        return new SessionSettings(config.heartbeat_interval(), config.heartbeat_missed(), config.handshake_timeout(),
                config.outbound_max_bytes(), config.slow_consumer() == SessionManagerImpl.SlowConsumerPolicy.DROP_PUBLICATIONS,
                config.rate_limit(), config.rate_burst());
    }
}
