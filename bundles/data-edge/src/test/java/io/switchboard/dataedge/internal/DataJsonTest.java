package io.switchboard.dataedge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;

/**
 * The code of each kind of bad option (issue 11 item 16, docs/protocol.md): the request's own
 * fields are protocol.*, a query's sort/skip/limit/fields data.invalid-query, criteria
 * data.invalid-criteria, every other option data.invalid-option.
 */
class DataJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String code(Consumer<JsonNode> reader, String options) throws Exception {
        JsonNode node = JSON.readTree(options.replace('\'', '"'));
        return assertThrows(SwitchboardException.class, () -> reader.accept(node)).code();
    }

    @ParameterizedTest(name = "get {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'sort':{'a':2}}|data.invalid-query",
            "{'sort':{'a':'up'}}|data.invalid-query",
            "{'sort':['a']}|data.invalid-query",
            "{'skip':-1}|data.invalid-query",
            "{'limit':-5}|data.invalid-query",
            "{'limit':1.5}|data.invalid-query",
            "{'skip':'many'}|data.invalid-query",
            "{'fields':'a'}|data.invalid-query",
            "{'fields':[1]}|data.invalid-query",
            "{'criteria':[1]}|data.invalid-criteria",
            "{'limt':1}|data.invalid-option",
            "5|protocol.wrong-type",
    })
    void queryOptions(String options, String expected) throws Exception {
        assertEquals(expected, code(DataJson::query, options));
    }

    @ParameterizedTest(name = "on {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'depth':-1}|data.invalid-option",
            "{'count':-1}|data.invalid-option",
            "{'count':'two'}|data.invalid-option",
            "{'initial':'yes'}|data.invalid-option",
            "{'eventType':'change'}|data.invalid-option",
            "{'eventType':1}|data.invalid-option",
            "{'meta':[]}|data.invalid-option",
            "{'inital':true}|data.invalid-option",
            "[]|protocol.wrong-type",
    })
    void subscribeOptions(String options, String expected) throws Exception {
        assertEquals(expected, code(DataJson::subscribeOptions, options));
    }

    @ParameterizedTest(name = "set {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'merge':'yes'}|data.invalid-option",
            "{'consistency':'eventually'}|data.invalid-option",
            "{'consistency':1}|data.invalid-option",
            "{'targetSessions':'s1'}|data.invalid-option",
            "{'meta':1}|data.invalid-option",
            "{'criteria':1}|data.invalid-criteria",
            "{'nostore':true}|data.invalid-option",
            "true|protocol.wrong-type",
    })
    void writeOptions(String options, String expected) throws Exception {
        assertEquals(expected, code(DataJson::writeOptions, options));
    }

    @ParameterizedTest(name = "count {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'limit':1}|data.invalid-option",
            "{'sort':{'a':1}}|data.invalid-option",
            "{'criteria':5}|data.invalid-criteria",
    })
    void countTakesOnlyCriteria(String options, String expected) throws Exception {
        assertEquals(expected, code(DataJson::countCriteria, options));
    }

    @org.junit.jupiter.api.Test
    void messagesNameTheOption() throws Exception {
        assertTrue(message(DataJson::query, "{'sort':{'a':2}}").contains("sort.a"));
        assertTrue(message(DataJson::query, "{'limit':-5}").contains("'limit'"));
        assertTrue(message(DataJson::subscribeOptions, "{'depth':-1}").contains("'depth'"));
        assertTrue(message(DataJson::subscribeOptions, "{'inital':true}").contains("'inital'"));
    }

    private static String message(Consumer<JsonNode> reader, String options) throws Exception {
        JsonNode node = JSON.readTree(options.replace('\'', '"'));
        return assertThrows(SwitchboardException.class, () -> reader.accept(node)).getMessage();
    }
}
