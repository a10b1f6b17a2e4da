package io.switchboard.mesh.internal.version;

import java.util.ArrayList;
import java.util.List;

import org.semver4j.RangesList;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshErrors;

/**
 * A semver range ({@code ^1.0.0}, {@code ~1.1}, {@code 1.2.3}, {@code >=1.0.0 <3.0.0 || 5.x}) parsed
 * by semver4j, or the conjunction of several (a declared range narrowed by a per-call one).
 */
public final class SemverRange {

    public static final SemverRange ANY = new SemverRange("*", List.of());

    /**
     * Ranges already parsed, by text. A client names its range on every call ({@code ^1.0.0}) and
     * semver4j's parse costs more than the rest of routing; the texts in use are few, so a small
     * bounded cache answers nearly every call. Invalid texts are not kept (the loader throws).
     */
    private static final LoadingCache<String, SemverRange> PARSED = Caffeine.newBuilder()
            .maximumSize(1_024)
            .build(SemverRange::parseText);

    private final String text;
    private final List<RangesList> all;

    private SemverRange(String text, List<RangesList> all) {
        this.text = text;
        this.all = all;
    }

    /**
     * @throws SwitchboardException {@link MeshErrors#INVALID_RANGE} when semver4j finds no range in the text
     */
    public static SemverRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SwitchboardException(MeshErrors.INVALID_RANGE, "a version range is required, for example ^1.0.0");
        }
        return PARSED.get(text);
    }

    /**
     * Reads what {@link #toString} wrote, a conjunction included ({@code ^1.0.0 and >=1.2.0}): how a
     * subscription's range crosses to other nodes.
     *
     * @throws SwitchboardException {@link MeshErrors#INVALID_RANGE} as {@link #parse}
     */
    public static SemverRange parseWritten(String text) {
        if (text == null || !text.contains(AND)) {
            return parse(text);
        }
        SemverRange all = ANY;
        for (String part : text.split(AND, -1)) {
            all = all.and(parse(part));
        }
        return all;
    }

    private static final String AND = " and ";

    private static SemverRange parseText(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("*")) {
            return ANY;
        }
        RangesList ranges;
        try {
            ranges = RangesListFactory.create(trimmed);
        } catch (RuntimeException e) {
            throw invalid(trimmed);
        }
        // semver4j answers text it cannot read with an empty list rather than an error.
        if (ranges.get().isEmpty()) {
            throw invalid(trimmed);
        }
        return new SemverRange(trimmed, List.of(ranges));
    }

    private static SwitchboardException invalid(String text) {
        return new SwitchboardException(MeshErrors.INVALID_RANGE,
                "'" + text + "' is not a semver range (examples: ^1.0.0, ~1.1.0, 1.2.3, >=1.0.0 <2.0.0)");
    }

    public boolean includes(Semver version) {
        for (RangesList ranges : all) {
            if (!ranges.isSatisfiedBy(version)) {
                return false;
            }
        }
        return true;
    }

    /** A range satisfied by versions in both this one and {@code other} (null: this one). */
    public SemverRange and(SemverRange other) {
        if (other == null || other == ANY || other == this) {
            return this;
        }
        if (this == ANY) {
            return other;
        }
        List<RangesList> both = new ArrayList<>(all);
        both.addAll(other.all);
        return new SemverRange(text + AND + other.text, List.copyOf(both));
    }

    @Override
    public String toString() {
        return text;
    }
}
