package io.switchboard.data;

import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Options of a write. Immutable; start from {@link #DEFAULTS} and chain the {@code with} methods.
 *
 * @param merge shallow-merge the value's top-level fields into the stored document instead of
 *        replacing it ({@code set} only)
 * @param noPublish store without publishing an event
 * @param noStore publish without storing ({@code set} only; this is what {@code publish} does)
 * @param targetSessions when not empty, deliver the event only to subscriptions of these sessions
 * @param meta custom meta copied into the event's meta; reserved keys (path, action, created,
 *        modified, modifiedBy, version, consistency, initial, session) are ignored
 * @param consistency when the write is acknowledged relative to delivery
 * @param origin who is writing (a user or component); stored as {@code modifiedBy} and carried by
 *        the event; publications from one origin to one subscriber keep their order
 * @param session the writer's session, if it has one
 * @param criteria for {@code remove}: only documents that also match this filter are removed
 */
public record WriteOptions(boolean merge, boolean noPublish, boolean noStore, Set<String> targetSessions,
        ObjectNode meta, Consistency consistency, String origin, String session, ObjectNode criteria) {

    /** Replace, publish, TRANSACTIONAL, no origin. */
    public static final WriteOptions DEFAULTS = new WriteOptions(false, false, false, Set.of(), null,
            Consistency.TRANSACTIONAL, null, null, null);

    public WriteOptions {
        targetSessions = targetSessions == null ? Set.of() : Set.copyOf(targetSessions);
        consistency = consistency == null ? Consistency.TRANSACTIONAL : consistency;
    }

    public WriteOptions withMerge(boolean value) {
        return new WriteOptions(value, noPublish, noStore, targetSessions, meta, consistency, origin, session, criteria);
    }

    public WriteOptions withNoPublish(boolean value) {
        return new WriteOptions(merge, value, noStore, targetSessions, meta, consistency, origin, session, criteria);
    }

    public WriteOptions withNoStore(boolean value) {
        return new WriteOptions(merge, noPublish, value, targetSessions, meta, consistency, origin, session, criteria);
    }

    public WriteOptions withTargetSessions(Set<String> value) {
        return new WriteOptions(merge, noPublish, noStore, value, meta, consistency, origin, session, criteria);
    }

    public WriteOptions withMeta(ObjectNode value) {
        return new WriteOptions(merge, noPublish, noStore, targetSessions, value, consistency, origin, session, criteria);
    }

    public WriteOptions withConsistency(Consistency value) {
        return new WriteOptions(merge, noPublish, noStore, targetSessions, meta, value, origin, session, criteria);
    }

    public WriteOptions withOrigin(String value) {
        return new WriteOptions(merge, noPublish, noStore, targetSessions, meta, consistency, value, session, criteria);
    }

    public WriteOptions withSession(String value) {
        return new WriteOptions(merge, noPublish, noStore, targetSessions, meta, consistency, origin, value, criteria);
    }

    public WriteOptions withCriteria(ObjectNode value) {
        return new WriteOptions(merge, noPublish, noStore, targetSessions, meta, consistency, origin, session, value);
    }
}
