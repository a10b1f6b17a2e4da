package io.switchboard.data;

import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Options of a write. Immutable; start from {@link #DEFAULTS} and chain the {@code with} methods.
 * (A class with a private constructor rather than a record, so that options can be added without
 * breaking callers.)
 */
public final class WriteOptions {

    /** Replace, publish, TRANSACTIONAL, no origin. */
    public static final WriteOptions DEFAULTS = new WriteOptions(false, false, false, Set.of(), null,
            Consistency.TRANSACTIONAL, null, null, null);

    private final boolean merge;
    private final boolean noPublish;
    private final boolean noStore;
    private final Set<String> targetSessions;
    private final ObjectNode meta;
    private final Consistency consistency;
    private final String origin;
    private final String session;
    private final ObjectNode criteria;

    private WriteOptions(boolean merge, boolean noPublish, boolean noStore, Set<String> targetSessions, ObjectNode meta,
            Consistency consistency, String origin, String session, ObjectNode criteria) {
        this.merge = merge;
        this.noPublish = noPublish;
        this.noStore = noStore;
        this.targetSessions = targetSessions == null ? Set.of() : Set.copyOf(targetSessions);
        this.meta = meta;
        this.consistency = consistency == null ? Consistency.TRANSACTIONAL : consistency;
        this.origin = origin;
        this.session = session;
        this.criteria = criteria;
    }

    /** Shallow-merge the value's top-level fields into the stored document instead of replacing it ({@code set} only). */
    public boolean merge() {
        return merge;
    }

    /** Store without publishing an event. */
    public boolean noPublish() {
        return noPublish;
    }

    /** Publish without storing ({@code set} only; this is what {@code publish} does). */
    public boolean noStore() {
        return noStore;
    }

    /** When not empty, deliver the event only to subscriptions of these sessions. */
    public Set<String> targetSessions() {
        return targetSessions;
    }

    /**
     * Custom meta copied into the event's meta; reserved keys (path, action, created, modified,
     * modifiedBy, version, consistency, initial, session) are ignored. {@code null} for none.
     */
    public ObjectNode meta() {
        return meta;
    }

    /** When the write is acknowledged relative to delivery. */
    public Consistency consistency() {
        return consistency;
    }

    /**
     * Who is writing (a user or component); stored as {@code modifiedBy} and carried by the event.
     * Publications from one origin to one subscriber keep their order.
     */
    public String origin() {
        return origin;
    }

    /** The writer's session, if it has one. */
    public String session() {
        return session;
    }

    /** For {@code remove}: only documents that also match this filter are removed. */
    public ObjectNode criteria() {
        return criteria;
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

    @Override
    public boolean equals(Object other) {
        return other instanceof WriteOptions o && o.merge == merge && o.noPublish == noPublish && o.noStore == noStore
                && o.targetSessions.equals(targetSessions) && Objects.equals(o.meta, meta) && o.consistency == consistency
                && Objects.equals(o.origin, origin) && Objects.equals(o.session, session) && Objects.equals(o.criteria, criteria);
    }

    @Override
    public int hashCode() {
        return Objects.hash(merge, noPublish, noStore, targetSessions, meta, consistency, origin, session, criteria);
    }

    @Override
    public String toString() {
        return "WriteOptions[merge=" + merge + ", noPublish=" + noPublish + ", noStore=" + noStore + ", targetSessions="
                + targetSessions + ", meta=" + meta + ", consistency=" + consistency + ", origin=" + origin + ", session="
                + session + ", criteria=" + criteria + "]";
    }
}
