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
 * @param burstGapNanos        a frame that arrives this soon after the previous answer was sent is part of a
 *                             pipelined burst: its answer is written with the others of the burst; 0 answers each at once
 */
record SessionSettings(long heartbeatMillis, int missedBeats, long handshakeMillis, long outboundMaxBytes,
                       boolean dropSlowPublications, int ratePerSecond, int rateBurst, long burstGapNanos) {

    /** Settings that answer every request at once (no burst detection). */
    SessionSettings(long heartbeatMillis, int missedBeats, long handshakeMillis, long outboundMaxBytes,
                    boolean dropSlowPublications, int ratePerSecond, int rateBurst) {
        this(heartbeatMillis, missedBeats, handshakeMillis, outboundMaxBytes, dropSlowPublications, ratePerSecond, rateBurst, 0);
    }

    static SessionSettings from(SessionManagerImpl.Config config) {
        return new SessionSettings(config.heartbeat_interval(), config.heartbeat_missed(), config.handshake_timeout(),
                config.outbound_max_bytes(), config.slow_consumer() == SessionManagerImpl.SlowConsumerPolicy.DROP_PUBLICATIONS,
                config.rate_limit(), config.rate_burst(), config.burst_gap_nanos());
    }
}
