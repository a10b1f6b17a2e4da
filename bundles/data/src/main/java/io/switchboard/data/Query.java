package io.switchboard.data;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What to return from a {@code find}: a MongoDB-style filter, an order, a page and a projection.
 *
 * <p>Field names are dotted paths into the document ({@code "address.city"}); the meta fields are
 * {@code _meta.path}, {@code _meta.created}, {@code _meta.modified}, {@code _meta.modifiedBy}.
 * Operators: {@code $eq $ne $gt $gte $lt $lte $in $nin $and $or $not $exists $regex} (with
 * {@code $options}, or a {@code ["pattern", "flags"]} array; flags {@code i m s x}).
 *
 * @param criteria the filter, or {@code null} for every document
 * @param sort the order: the first key sorts first; documents equal on every key keep path order
 * @param skip how many matching documents to skip
 * @param limit how many to return at most; 0 for no limit
 * @param fields data fields to keep (dotted paths); empty keeps the whole document. Meta (and so
 *        the path) is always kept.
 */
public record Query(ObjectNode criteria, List<Sort> sort, int skip, int limit, List<String> fields) {

    /** Every matching document, in path order. */
    public static final Query ALL = new Query(null, List.of(), 0, 0, List.of());

    public Query {
        sort = sort == null ? List.of() : List.copyOf(sort);
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** One sort key. */
    public record Sort(String field, boolean ascending) {

        public static Sort asc(String field) {
            return new Sort(field, true);
        }

        public static Sort desc(String field) {
            return new Sort(field, false);
        }
    }

    public static Query where(ObjectNode criteria) {
        return ALL.withCriteria(criteria);
    }

    public Query withCriteria(ObjectNode value) {
        return new Query(value, sort, skip, limit, fields);
    }

    public Query withSort(Sort... value) {
        return new Query(criteria, List.of(value), skip, limit, fields);
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
}
