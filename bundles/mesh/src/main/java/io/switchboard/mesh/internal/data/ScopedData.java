package io.switchboard.mesh.internal.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.ComponentData;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.WriteResult;
import io.switchboard.mesh.internal.exchange.Conversion;
import io.switchboard.mesh.internal.exchange.ConversionFailure;

/** A component's data, kept under {@code /_data/<component>} of the runtime's data service. */
public final class ScopedData implements ComponentData {

    private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() { };

    private final String root;
    private final Supplier<DataService> service;
    private final Supplier<Origin> origin;
    private final ObjectMapper json;
    private final PromiseFactory promises;
    private final Conversion conversion;

    public ScopedData(String component, Supplier<DataService> service, Supplier<Origin> origin, ObjectMapper json,
            PromiseFactory promises, Conversion conversion) {
        this.conversion = conversion;
        this.root = "/_data/" + component;
        this.service = service;
        this.origin = origin;
        this.json = json;
        this.promises = promises;
    }

    @Override
    public String root() {
        return root;
    }

    /** The absolute path of a path relative to this component's root. */
    String absolute(String path) {
        if (path == null || path.isBlank() || path.equals("/")) {
            return root;
        }
        return root + (path.startsWith("/") ? path : "/" + path);
    }

    @Override
    public Promise<Map<String, Object>> set(String path, Object value) {
        return write(path, value, options());
    }

    @Override
    public Promise<Map<String, Object>> merge(String path, Object value) {
        return write(path, value, options().withMerge(true));
    }

    private Promise<Map<String, Object>> write(String path, Object value, WriteOptions options) {
        return with(data -> data.set(absolute(path), tree(path, value), options)
                .map(result -> result.item().map(item -> document(item.data())).orElse(Map.of())));
    }

    @Override
    public Promise<Void> publish(String path, Object value) {
        return with(data -> data.publish(absolute(path), tree(path, value), options()).map(result -> null));
    }

    @Override
    public Promise<Optional<Map<String, Object>>> get(String path) {
        return with(data -> data.get(absolute(path)).map(item -> item.map(found -> document(found.data()))));
    }

    @Override
    public <T> Promise<Optional<T>> get(String path, Class<T> type) {
        return with(data -> data.get(absolute(path)).map(item -> item.map(found -> json.convertValue(found.data(), type))));
    }

    @Override
    public Promise<Map<String, Map<String, Object>>> find(String pattern) {
        return with(data -> data.find(absolute(pattern), Query.ALL).map(items -> {
            Map<String, Map<String, Object>> byPath = new LinkedHashMap<>();
            for (Item item : items) {
                byPath.put(item.path().substring(root.length()), document(item.data()));
            }
            return byPath;
        }));
    }

    @Override
    public Promise<Long> count(String pattern) {
        return with(data -> data.count(absolute(pattern), null));
    }

    @Override
    public Promise<Long> remove(String pathOrPattern) {
        return with(data -> data.remove(absolute(pathOrPattern), options()).map(WriteResult::removed));
    }

    /**
     * The value as a JSON tree, made through plain data: a component's object graph that is too deep,
     * or refers to itself, is refused ({@code mesh.bad-payload}) instead of overflowing the stack of
     * the component's thread.
     */
    private JsonNode tree(String path, Object value) {
        try {
            return json.valueToTree(conversion.toData(value));
        } catch (ConversionFailure e) {
            throw e.toException(root + (path == null ? "" : path) + ": the value", MeshErrors.BAD_PAYLOAD);
        }
    }

    private WriteOptions options() {
        return WriteOptions.DEFAULTS.withOrigin(origin.get().toString());
    }

    private Map<String, Object> document(JsonNode node) {
        return json.convertValue(node, DOCUMENT);
    }

    private <T> Promise<T> with(Function<DataService, Promise<T>> action) {
        DataService data = service.get();
        if (data == null) {
            return promises.failed(new SwitchboardException("mesh.data-unavailable",
                    "this runtime has no data service, so " + root + " cannot be read or written"));
        }
        try {
            return action.apply(data);
        } catch (SwitchboardException e) {
            return promises.failed(e);
        }
    }
}
