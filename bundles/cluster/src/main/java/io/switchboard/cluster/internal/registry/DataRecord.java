package io.switchboard.cluster.internal.registry;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A node's data subscriptions as its registry record carries them: one entry per distinct pattern
 * and event type, however many subscriptions share it, so that other nodes send it only the data
 * events it has a subscriber for.
 *
 * @param version  grows with every change, across restarts too (it starts from the clock): a newer
 *                 list replaces an older one, whichever way it arrived (the registry, or pushed over
 *                 the link when a subscription brings a new pattern)
 * @param patterns the distinct patterns
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataRecord(long version, List<Pattern> patterns) {

    /** No data subscriptions known (an older node's record, or none read yet). */
    public static final DataRecord NONE = new DataRecord(0, List.of());

    public DataRecord {
        patterns = patterns == null ? List.of() : List.copyOf(patterns);
    }

    /**
     * One distinct subscription pattern.
     *
     * @param pattern the pattern, as the subscription wrote it
     * @param events  {@code set}, {@code remove} or {@code all}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pattern(String pattern, String events) {
    }
}
