package io.switchboard.data.internal.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.spi.Criteria;
import io.switchboard.data.spi.StoredItem;

/**
 * A validated {@link Query}: the filter, plus what to do with the matches (order, page, projection).
 * Compiling checks everything, so a bad query fails before any provider is asked.
 */
public final class CompiledQuery {

    private final Criteria criteria;
    private final Comparator<Item> order;
    private final int skip;
    private final int limit;
    private final List<FieldRef> fields;

    private CompiledQuery(Criteria criteria, Comparator<Item> order, int skip, int limit, List<FieldRef> fields) {
        this.criteria = criteria;
        this.order = order;
        this.skip = skip;
        this.limit = limit;
        this.fields = fields;
    }

    /** Compiles a query for work with no time limit. */
    public static CompiledQuery compile(Query query) {
        return compile(query, Deadline.NONE);
    }

    /** Compiles a query whose filtering and sorting stop with {@code data.query-timeout} once the deadline passes. */
    public static CompiledQuery compile(Query query, Deadline deadline) {
        Query q = query == null ? Query.ALL : query;
        if (q.skip() < 0 || q.limit() < 0) {
            throw new SwitchboardException(DataErrors.INVALID_QUERY, "skip and limit must not be negative (skip " + q.skip() + ", limit " + q.limit() + ")");
        }
        Criteria criteria = CriteriaCompiler.compile(q.criteria(), deadline);
        Comparator<Item> order = null;
        for (Query.Sort sort : q.sort()) {
            FieldRef field = FieldRef.parse(sort.field(), DataErrors.INVALID_QUERY);
            Comparator<Item> key = Comparator.comparing(field::resolve, JsonOrder.INSTANCE);
            key = sort.ascending() ? key : key.reversed();
            order = order == null ? key : order.thenComparing(key);
        }
        Comparator<Item> byPath = Comparator.comparing(Item::path);
        order = order == null ? byPath : order.thenComparing(byPath);
        order = watched(order, deadline);
        List<FieldRef> fields = new ArrayList<>();
        for (String name : q.fields()) {
            FieldRef field = FieldRef.parse(name, DataErrors.INVALID_QUERY);
            if (!field.isMeta()) {
                fields.add(field);
            }
        }
        return new CompiledQuery(criteria, order, q.skip(), q.limit(), List.copyOf(fields));
    }

    /** A sort of many documents can take long too: it looks at the deadline every few hundred comparisons. */
    private static Comparator<Item> watched(Comparator<Item> order, Deadline deadline) {
        if (deadline == Deadline.NONE) {
            return order;
        }
        int[] untilCheck = {256}; // one sort runs on one thread; a comparator per query
        return (a, b) -> {
            if (--untilCheck[0] == 0) {
                untilCheck[0] = 256;
                deadline.check();
            }
            return order.compare(a, b);
        };
    }

    public Criteria criteria() {
        return criteria;
    }

    /** Orders, pages and projects the matches (which may arrive in any order). */
    public List<Item> finish(List<StoredItem> matches) {
        matches.sort(order);
        int from = Math.min(skip, matches.size());
        int to = limit == 0 ? matches.size() : Math.min(matches.size(), from + limit);
        List<Item> page = new ArrayList<>(to - from);
        for (StoredItem item : matches.subList(from, to)) {
            page.add(fields.isEmpty() ? item : item.withData(project(item)));
        }
        return page;
    }

    private ObjectNode project(Item item) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (FieldRef field : fields) {
            JsonNode value = field.resolve(item);
            if (value.isMissingNode()) {
                continue;
            }
            String[] path = field.dataPath();
            ObjectNode target = result;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode next = target.get(path[i]);
                target = next instanceof ObjectNode o ? o : target.putObject(path[i]);
            }
            target.set(path[path.length - 1], value);
        }
        return result;
    }
}
