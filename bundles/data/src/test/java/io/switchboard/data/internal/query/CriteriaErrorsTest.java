package io.switchboard.data.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.Query;

/** Every malformed filter or query is refused when compiled, with the code that names its problem. */
class CriteriaErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) throws JsonProcessingException {
        return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'a':{'$near':1}}|data.unknown-operator|$near",
            "{'$nor':[{'a':1}]}|data.unknown-operator|$nor",
            "{'a':{'$regex':'('}}|data.invalid-regex|(",
            "{'a':{'$regex':'x','$options':'q'}}|data.invalid-regex|'q'",
            "{'a':{'$regex':5}}|data.invalid-regex|$regex",
            "{'a':{'$options':'i'}}|data.invalid-criteria|$options",
            "{'a':{'$in':1}}|data.invalid-criteria|$in",
            "{'a':{'$nin':'x'}}|data.invalid-criteria|$nin",
            "{'a':{'$exists':'yes'}}|data.invalid-criteria|$exists",
            "{'a':{'$gt':[1]}}|data.invalid-criteria|comparison",
            "{'$and':{'a':1}}|data.invalid-criteria|$and",
            "{'$or':[]}|data.invalid-criteria|$or",
            "{'a':{'$gt':1,'b':2}}|data.invalid-criteria|mixes",
            "{'a..b':1}|data.invalid-criteria|a..b",
            "{'_meta.size':1}|data.invalid-criteria|_meta.size",
            "{'a':{'$not':5}}|data.invalid-criteria|$not",
    })
    void badCriteriaNameTheirProblem(String criteria, String code, String mentioned) throws Exception {
        SwitchboardException e = assertThrows(SwitchboardException.class, () -> CriteriaCompiler.compile(json(criteria)));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(mentioned.replace("'", "")), e.getMessage());
    }

    @ParameterizedTest(name = "field [{0}]")
    @CsvSource({ "_meta.unknown", "'a.'", "''" })
    void badSortAndFieldNamesAreInvalidQueries(String field) {
        assertEquals("data.invalid-query",
                assertThrows(SwitchboardException.class, () -> CompiledQuery.compile(Query.ALL.withSort(Query.Sort.asc(field)))).code());
        assertEquals("data.invalid-query",
                assertThrows(SwitchboardException.class, () -> CompiledQuery.compile(Query.ALL.withFields(field))).code());
    }
}
