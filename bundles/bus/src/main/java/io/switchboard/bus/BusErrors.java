package io.switchboard.bus;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bus's error codes, over HTTP with {@link #httpStatus} and over WebSocket as they are; the one
 * table of their statuses. docs/bus.md and the OpenAPI document list them.
 */
public final class BusErrors {

    // --- who is asking
    /** The request carries no token. */
    public static final String UNAUTHENTICATED = "bus.unauthenticated";
    /** The token is not one this runtime signed, is malformed, or its user or service is gone. */
    public static final String INVALID_TOKEN = "bus.invalid-token";
    /** The token has expired (or went unused too long). */
    public static final String TOKEN_EXPIRED = "bus.token-expired";
    /** The token was revoked, or its service was suspended. */
    public static final String TOKEN_REVOKED = "bus.token-revoked";
    /** The token stands but does not allow this (a permission, or another service's registration). */
    public static final String FORBIDDEN = "bus.forbidden";
    /** The token is a service's, used on another service's registration. */
    public static final String FOREIGN_TOKEN = "bus.foreign-token";
    /** A registration without an administrator's login or a valid registration token. */
    public static final String REGISTRATION_REFUSED = "bus.registration-refused";
    /** Security is not running, so nothing can be decided. */
    public static final String UNAVAILABLE = "bus.unavailable";

    // --- what is named
    public static final String UNKNOWN_TOPIC = "bus.unknown-topic";
    public static final String UNKNOWN_MESSAGE = "bus.unknown-message";
    public static final String UNKNOWN_SERVICE = "bus.unknown-service";
    public static final String UNKNOWN_ROUTE = "bus.unknown-route";
    public static final String METHOD_NOT_ALLOWED = "bus.method-not-allowed";

    // --- what is sent
    public static final String INVALID_TOPIC_NAME = "bus.invalid-topic-name";
    public static final String INVALID_GROUP = "bus.invalid-group";
    public static final String INVALID_DISCIPLINE = "bus.invalid-discipline";
    public static final String INVALID_DRIVER = "bus.invalid-driver";
    public static final String INVALID_SETTING = "bus.invalid-setting";
    public static final String NOT_JSON = "bus.not-json";
    public static final String TOO_DEEP = "bus.too-deep";
    public static final String TOO_LARGE = "bus.too-large";
    public static final String INVALID_PRIORITY = "bus.invalid-priority";
    public static final String INVALID_HEADER = "bus.invalid-header";
    public static final String INVALID_LEASE = "bus.invalid-lease";
    public static final String INVALID_VISIBILITY = "bus.invalid-visibility";
    public static final String INVALID_PARAMETER = "bus.invalid-parameter";
    public static final String INVALID_SERVICE = "bus.invalid-service";
    /** A batch (publish, ack or nack) with no entries. */
    public static final String EMPTY_BATCH = "bus.empty-batch";
    /** A batch with more entries than {@code maxBatchMessages}. */
    public static final String BATCH_TOO_LARGE = "bus.batch-too-large";

    // --- state
    public static final String DRIVER_CHANGE = "bus.driver-change";
    public static final String TOPIC_FULL = "bus.topic-full";
    public static final String TOO_MANY_TOPICS = "bus.too-many-topics";
    public static final String TOO_MANY_GROUPS = "bus.too-many-groups";
    public static final String NOT_LEASED = "bus.not-leased";
    public static final String NOT_LEASEHOLDER = "bus.not-leaseholder";
    public static final String ALREADY_ACKED = "bus.already-acked";
    public static final String NO_REPLY_EXPECTED = "bus.no-reply-expected";
    public static final String REPLY_TIMEOUT = "bus.reply-timeout";
    public static final String TOO_MANY_WAITING = "bus.too-many-waiting";
    public static final String SERVICE_SUSPENDED = "bus.service-suspended";
    public static final String TOO_MANY_SERVICES = "bus.too-many-services";
    public static final String DRIVER_UNAVAILABLE = "bus.driver-unavailable";
    public static final String STORE_FAILED = "bus.store-failed";

    // --- schedules (docs/bus-schedules.md)
    /** A cron expression that does not parse, or never fires. */
    public static final String INVALID_CRON = "bus.invalid-cron";
    /** A time zone that is not an IANA region id or a UTC offset. */
    public static final String INVALID_ZONE = "bus.invalid-zone";
    /** A schedule's other fields: its name, topic, payload, headers, deliverAt or missed-firing policy. */
    public static final String INVALID_SCHEDULE = "bus.invalid-schedule";
    public static final String UNKNOWN_SCHEDULE = "bus.unknown-schedule";
    public static final String TOO_MANY_SCHEDULES = "bus.too-many-schedules";

    // --- middleware (docs/bus-middleware.md)
    /** A topic's {@code schema} setting that is not a JSON Schema. */
    public static final String INVALID_SCHEMA = "bus.invalid-schema";
    /** A payload that does not follow its topic's schema; the message names each violation. */
    public static final String SCHEMA_VIOLATION = "bus.schema-violation";
    /** A middleware link refused the message. */
    public static final String MIDDLEWARE_REJECTED = "bus.middleware-rejected";
    /** A middleware link threw, answered nothing, or is busy with calls that have not returned. */
    public static final String MIDDLEWARE_FAILED = "bus.middleware-failed";
    /** A middleware link took longer than linkTimeoutMillis. */
    public static final String MIDDLEWARE_TIMEOUT = "bus.middleware-timeout";

    private static final Map<String, Integer> STATUS = new TreeMap<>(Map.ofEntries(
            Map.entry(UNAUTHENTICATED, 401), Map.entry(INVALID_TOKEN, 401), Map.entry(TOKEN_EXPIRED, 401), Map.entry(TOKEN_REVOKED, 401),
            Map.entry(REGISTRATION_REFUSED, 401), Map.entry(FORBIDDEN, 403), Map.entry(FOREIGN_TOKEN, 403), Map.entry(UNAVAILABLE, 503),
            Map.entry(UNKNOWN_TOPIC, 404), Map.entry(UNKNOWN_MESSAGE, 404), Map.entry(UNKNOWN_SERVICE, 404), Map.entry(UNKNOWN_ROUTE, 404),
            Map.entry(METHOD_NOT_ALLOWED, 405),
            Map.entry(INVALID_TOPIC_NAME, 400), Map.entry(INVALID_GROUP, 400), Map.entry(INVALID_DISCIPLINE, 400), Map.entry(INVALID_DRIVER, 400),
            Map.entry(INVALID_SETTING, 400), Map.entry(NOT_JSON, 400), Map.entry(TOO_DEEP, 400), Map.entry(TOO_LARGE, 413), Map.entry(INVALID_PRIORITY, 400),
            Map.entry(INVALID_HEADER, 400), Map.entry(INVALID_LEASE, 400), Map.entry(INVALID_VISIBILITY, 400), Map.entry(INVALID_PARAMETER, 400),
            Map.entry(INVALID_SERVICE, 400),
            Map.entry(DRIVER_CHANGE, 409), Map.entry(TOPIC_FULL, 507), Map.entry(TOO_MANY_TOPICS, 409), Map.entry(TOO_MANY_GROUPS, 409),
            Map.entry(NOT_LEASED, 409), Map.entry(NOT_LEASEHOLDER, 409), Map.entry(ALREADY_ACKED, 409), Map.entry(NO_REPLY_EXPECTED, 409),
            Map.entry(REPLY_TIMEOUT, 504), Map.entry(TOO_MANY_WAITING, 503), Map.entry(SERVICE_SUSPENDED, 409), Map.entry(TOO_MANY_SERVICES, 409),
            Map.entry(DRIVER_UNAVAILABLE, 503), Map.entry(STORE_FAILED, 503)));

    // --- hooks: webhooks, the WebSub hub, filters and routing rules (docs/bus-webhooks.md)
    /** A filter that is not {@code {"jsonPath", "regex"?, "flags"?}}. */
    public static final String INVALID_FILTER = "bus.invalid-filter";
    /** A filter's {@code jsonPath} that does not compile, or uses what filters refuse ({@code =~}). */
    public static final String INVALID_JSON_PATH = "bus.invalid-json-path";
    /** A filter's {@code regex} that does not compile in linear time, or is over its bounds. */
    public static final String INVALID_REGEX = "bus.invalid-regex";
    /** A callback that is not an absolute http(s) URL without user info or fragment. */
    public static final String INVALID_CALLBACK = "bus.invalid-callback";
    /** A callback whose host the allow-list ({@code callbackAllowList}) does not name. */
    public static final String CALLBACK_NOT_ALLOWED = "bus.callback-not-allowed";
    /** The callback answered verification of intent with a redirect (never followed). */
    public static final String CALLBACK_REDIRECT = "bus.callback-redirect";
    /** The callback did not echo {@code hub.challenge} with a 2xx. */
    public static final String CHALLENGE_FAILED = "bus.challenge-failed";
    /** The callback could not be reached for verification of intent (refused, timed out). */
    public static final String CALLBACK_UNREACHABLE = "bus.callback-unreachable";
    /** A hub request with a missing or wrong {@code hub.*} parameter. */
    public static final String INVALID_HUB_REQUEST = "bus.invalid-hub-request";
    public static final String UNKNOWN_SUBSCRIPTION = "bus.unknown-subscription";
    public static final String TOO_MANY_SUBSCRIPTIONS = "bus.too-many-subscriptions";
    public static final String UNKNOWN_RULE = "bus.unknown-rule";
    public static final String TOO_MANY_RULES = "bus.too-many-rules";
    /** {@code POST /api/bus/route}: no routing rule matched the message, so nothing was stored. */
    public static final String NO_MATCHING_RULE = "bus.no-matching-rule";
    /** A lease, stream or subscription named a filter for a consumer group made with another filter, or without one. */
    public static final String GROUP_FILTER_CONFLICT = "bus.group-filter-conflict";

    static {
        STATUS.putAll(Map.ofEntries(Map.entry(INVALID_FILTER, 400), Map.entry(INVALID_JSON_PATH, 400), Map.entry(INVALID_REGEX, 400),
                Map.entry(INVALID_CALLBACK, 400), Map.entry(CALLBACK_NOT_ALLOWED, 403), Map.entry(CALLBACK_REDIRECT, 422),
                Map.entry(CHALLENGE_FAILED, 422), Map.entry(CALLBACK_UNREACHABLE, 422), Map.entry(INVALID_HUB_REQUEST, 400),
                Map.entry(UNKNOWN_SUBSCRIPTION, 404), Map.entry(TOO_MANY_SUBSCRIPTIONS, 409), Map.entry(UNKNOWN_RULE, 404),
                Map.entry(TOO_MANY_RULES, 409), Map.entry(NO_MATCHING_RULE, 422), Map.entry(GROUP_FILTER_CONFLICT, 409)));
    }

    static {
        STATUS.putAll(Map.of(INVALID_CRON, 400, INVALID_ZONE, 400, INVALID_SCHEDULE, 400, UNKNOWN_SCHEDULE, 404, TOO_MANY_SCHEDULES, 409));
        STATUS.putAll(Map.of(EMPTY_BATCH, 400, BATCH_TOO_LARGE, 413));
        STATUS.putAll(Map.of(INVALID_SCHEMA, 400, SCHEMA_VIOLATION, 422, MIDDLEWARE_REJECTED, 422, MIDDLEWARE_FAILED, 502, MIDDLEWARE_TIMEOUT, 504));
    }

    private BusErrors() {
    }

    /** The HTTP status of a bus code; anything else (a bug, not the client's mistake) is a 500. */
    public static int httpStatus(String code) {
        return STATUS.getOrDefault(code, 500);
    }

    /** Every code, for the OpenAPI document and the docs' check. */
    public static Set<String> codes() {
        return STATUS.keySet();
    }

    /** A value a client sent, cut for a message: an error never echoes a request's whole size back. */
    public static String shown(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 60 ? value.substring(0, 60) + "..." : value;
    }
}
