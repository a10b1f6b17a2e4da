package io.switchboard.data;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What to return from a {@code find}: a MongoDB-style filter, an order, a page and a projection.
 * Immutable; start from {@link #ALL} or {@link #where(ObjectNode)} and chain the {@code with}
 * methods.
 *
 * <p>Field names are dotted paths into the document ({@code "address.city"}); the meta fields are
 * {@code _meta.path}, {@code _meta.created}, {@code _meta.modified}, {@code _meta.modifiedBy},
 * {@code _meta.version}. Operators: {@code $eq $ne $gt $gte $lt $lte $in $nin $and $or $not
 * $exists $regex} (with {@code $options}, or a {@code ["pattern", "flags"]} array; flags
 * {@code i m s x}).
 */
public final class Query {

    /** Every matching document, in path order. */
    public static final Query ALL = new Query(null, List.of(), 0, 0, List.of());

    /** One sort key. */
    public record Sort(String field, boolean ascending) {

        public static Sort asc(String field) {
            return new Sort(field, true);
        }

        public static Sort desc(String field) {
            return new Sort(field, false);
        }
    }

    private final ObjectNode criteria;
    private final List<Sort> sort;
    private final int skip;
    private final int limit;
    private final List<String> fields;

    private Query(ObjectNode criteria, List<Sort> sort, int skip, int limit, List<String> fields) {
        this.criteria = criteria;
        this.sort = sort == null ? List.of() : List.copyOf(sort);
        this.skip = skip;
        this.limit = limit;
        this.fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public static Query where(ObjectNode criteria) {
        return ALL.withCriteria(criteria);
    }

    /** The filter, or {@code null} for every document. */
    public ObjectNode criteria() {
        return criteria;
    }

    /** The order: the first key sorts first; documents equal on every key keep path order. */
    public List<Sort> sort() {
        return sort;
    }

    /** How many matching documents to skip. */
    public int skip() {
        return skip;
    }

    /** How many to return at most; 0 for no limit. */
    public int limit() {
        return limit;
    }

    /** Data fields to keep (dotted paths); empty keeps the whole document. Meta, and so the path, is always kept. */
    public List<String> fields() {
        return fields;
    }

    public Query withCriteria(ObjectNode value) {
        return new Query(value, sort, skip, limit, fields);
    }

    public Query withSort(Sort... value) {
        return new Query(criteria, List.of(value), skip, limit, fields);
    }

    public Query withSort(List<Sort> value) {
        return new Query(criteria, value, skip, limit, fields);
    }

    public Query withSkip(int value) {
        return new Query(criteria, sort, value, limit, fields);
    }

    public Query withLimit(int value) {
        return new Query(criteria, sort, skip, value, fields);
    }

    public Query withFields(String... value) {
        return new Query(criteria, sort, skip, limit, List.of(value));
    }

    public Query withFields(List<String> value) {
        return new Query(criteria, sort, skip, limit, value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Query q && Objects.equals(q.criteria, criteria) && q.sort.equals(sort) && q.skip == skip
                && q.limit == limit && q.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(criteria, sort, skip, limit, fields);
    }

    @Override
    public String toString() {
        return "Query[criteria=" + criteria + ", sort=" + sort + ", skip=" + skip + ", limit=" + limit + ", fields=" + fields + "]";
    }
}
