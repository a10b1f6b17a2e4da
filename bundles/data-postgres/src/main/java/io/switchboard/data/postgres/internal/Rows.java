package io.switchboard.data.postgres.internal;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.data.spi.StoredItem;

/**
 * Documents to and from rows: the data as JSON text for a {@code jsonb} column, the meta as columns.
 * The only place in this provider that serializes.
 */
final class Rows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Rows() {
    }

    /** A row of {@code path, data::text, created, modified, modified_by, version} as a document. */
    static StoredItem item(ResultSet row) throws SQLException {
        String path = row.getString(1);
        JsonNode data;
        try {
            data = JSON.readTree(row.getString(2));
        } catch (IOException e) {
            throw new SQLException("the document at " + path + " is not readable JSON: " + e.getMessage(), "XX001", e);
        }
        if (!(data instanceof ObjectNode document)) {
            throw new SQLException("the document at " + path + " is not a JSON object", "XX001");
        }
        return new StoredItem(path, document, row.getLong(3), row.getLong(4), row.getString(5), row.getLong(6));
    }

    /**
     * The data as JSON text. Written as UTF-8 first, as the embedded store does, so that a string
     * that cannot be UTF-8 (a lone surrogate) is refused instead of reaching the database mangled.
     */
    static String json(ObjectNode data) {
        try {
            return new String(JSON.writeValueAsBytes(data), java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonGenerationException e) {
            throw new SwitchboardException(DataErrors.NOT_JSON, "the document cannot be written as JSON text: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
