package io.switchboard.data;

import io.switchboard.data.path.Paths;

/**
 * The error codes the data service raises. Each bad input has its own code so that callers and the
 * network edge can tell them apart; when a call fails, nothing stored has changed.
 */
public final class DataErrors {

    /** The path breaks the syntax rules (see {@link Paths}). */
    public static final String INVALID_PATH = Paths.INVALID_PATH;
    /** A written path contains {@code *} or {@code **}. */
    public static final String WILDCARD_IN_PATH = Paths.WILDCARD_IN_PATH;
    /** A pattern has a wildcard inside a segment. */
    public static final String INVALID_PATTERN = Paths.INVALID_PATTERN;
    /** The criteria are not a valid filter (wrong shape, wrong operand type). */
    public static final String INVALID_CRITERIA = "data.invalid-criteria";
    /** The criteria use an operator that does not exist. */
    public static final String UNKNOWN_OPERATOR = "data.unknown-operator";
    /**
     * A {@code $regex} does not compile, has unknown flags, uses syntax that cannot match in linear
     * time (backreferences, lookaround), or is too large.
     */
    public static final String INVALID_REGEX = "data.invalid-regex";
    /** Sort, skip, limit or fields are malformed. */
    public static final String INVALID_QUERY = "data.invalid-query";
    /** The document is larger than the configured limit. */
    public static final String TOO_LARGE = "data.too-large";
    /** The value is not plain JSON (binary, a Java object, a missing node, NaN or infinity). */
    public static final String NOT_JSON = "data.not-json";
    /** Options that contradict each other or do not apply to the operation. */
    public static final String INVALID_OPTION = "data.invalid-option";
    /** {@code increment} on a field that holds something other than a number. */
    public static final String NOT_A_NUMBER = "data.not-a-number";
    /** No storage provider is responsible for the path. */
    public static final String NO_PROVIDER = "data.no-provider";
    /** The storage provider failed (disk full, store closed). */
    public static final String STORE_FAILED = "data.store-failed";
    /**
     * A query ran past the data service's {@code queryTimeoutMillis} and was stopped.
     *
     * @since 1.1
     */
    public static final String QUERY_TIMEOUT = "data.query-timeout";
    /**
     * A value (document, criteria, meta) nests arrays and objects deeper than
     * {@link io.switchboard.system.json.JsonLimits#maxDepth()}.
     *
     * @since 1.1
     */
    public static final String TOO_DEEP = "data.too-deep";
    /**
     * A path or pattern is longer than {@link Paths#MAX_LENGTH} characters or has more than
     * {@link Paths#MAX_SEGMENTS} segments.
     *
     * @since 1.1
     */
    public static final String PATH_TOO_LONG = Paths.PATH_TOO_LONG;
    /**
     * The storage provider cannot reach its store (a database server that is down or unreachable),
     * or the store is too busy to take the operation in time; try again later. A write that fails
     * so was not acknowledged.
     *
     * @since 1.1
     */
    public static final String STORE_UNAVAILABLE = "data.store-unavailable";

    private DataErrors() {
    }
}
