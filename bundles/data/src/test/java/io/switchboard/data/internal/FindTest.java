package io.switchboard.data.internal;

import static io.switchboard.data.internal.Fixture.json;
import static io.switchboard.data.internal.Fixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.Query.Sort;
import io.switchboard.data.WriteOptions;

class FindTest {

    protected final Fixture f = fixture();

    /** The provider under test; subclasses run the same behaviour against other providers. */
    protected Fixture fixture() {
        return new Fixture();
    }

    @BeforeEach
    void store() {
        put("/shop/t1", "{'name':'T1','price':10,'tags':['red','big'],'address':{'city':'Oslo'}}", "ann");
        put("/shop/t2", "{'name':'t2','price':20,'tags':['blue'],'address':{'city':'Rome'}}", "bob");
        put("/shop/t3", "{'name':'T3','price':30.5,'stock':0}", "ann");
        put("/shop/sub/t4", "{'name':'t4','price':40}", "cid");
        put("/other/t5", "{'name':'t5','price':50}", "ann");
    }

    private void put(String path, String json, String origin) {
        value(f.data.set(path, json(json), WriteOptions.DEFAULTS.withOrigin(origin)));
    }

    private List<String> paths(String pattern, Query query) {
        return value(f.data.find(pattern, query)).stream().map(Item::path).toList();
    }

    private List<String> where(String criteria) {
        return paths("/shop/**", Query.where(json(criteria)));
    }

    @Test
    void patternsUseOneMeaningOfWildcards() {
        assertEquals(List.of("/shop/t1", "/shop/t2", "/shop/t3"), paths("/shop/*", Query.ALL));
        assertEquals(List.of("/shop/sub/t4", "/shop/t1", "/shop/t2", "/shop/t3"), paths("/shop/**", Query.ALL));
        assertEquals(List.of("/other/t5", "/shop/t1", "/shop/t2", "/shop/t3"), paths("/*/*", Query.ALL).stream().filter(p -> !p.contains("sub")).toList());
        assertEquals(List.of("/shop/t1"), paths("/shop/t1", Query.ALL));
        assertEquals(List.of(), paths("/shop/none", Query.ALL));
    }

    @Test
    void doubleStarIncludesTheFolderItselfButNotItsNamesakes() {
        put("/shop", "{'root':true}", "ann");
        put("/shopping/list", "{}", "ann");
        assertEquals(List.of("/shop", "/shop/sub/t4", "/shop/t1", "/shop/t2", "/shop/t3"), paths("/shop/**", Query.ALL));
        assertEquals(List.of("/shop/t1", "/shop/t2", "/shop/t3"), paths("/shop/*", Query.ALL));
        assertEquals(List.of("/shop/sub/t4"), paths("/shop/*/*", Query.ALL));
        assertEquals(7, paths("/**", Query.ALL).size());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'price':20}|/shop/t2",
            "{'price':{'$eq':30.5}}|/shop/t3",
            "{'price':{'$ne':20}}|/shop/sub/t4,/shop/t1,/shop/t3",
            "{'price':{'$gt':20}}|/shop/sub/t4,/shop/t3",
            "{'price':{'$gte':20,'$lt':40}}|/shop/t2,/shop/t3",
            "{'price':{'$lte':10}}|/shop/t1",
            "{'name':{'$gt':'T'}}|/shop/sub/t4,/shop/t1,/shop/t2,/shop/t3",
            "{'price':{'$in':[10,40]}}|/shop/sub/t4,/shop/t1",
            "{'price':{'$nin':[10,40]}}|/shop/t2,/shop/t3",
            "{'tags':'red'}|/shop/t1",
            "{'tags':{'$in':['blue','green']}}|/shop/t2",
            "{'address.city':'Rome'}|/shop/t2",
            "{'stock':{'$exists':true}}|/shop/t3",
            "{'stock':{'$exists':false},'price':{'$lt':25}}|/shop/t1,/shop/t2",
            "{'$or':[{'price':10},{'name':'t4'}]}|/shop/sub/t4,/shop/t1",
            "{'$and':[{'price':{'$gt':5}},{'price':{'$lt':15}}]}|/shop/t1",
            "{'price':{'$not':{'$gt':15}}}|/shop/t1",
            "{'$not':{'name':{'$regex':'^t'}}}|/shop/t1,/shop/t3",
            "{'name':{'$regex':'^t[13]$'}}|''",
            "{'name':{'$regex':['^t[13]$','i']}}|/shop/t1,/shop/t3",
            "{'name':{'$regex':'^T','$options':'i'}}|/shop/sub/t4,/shop/t1,/shop/t2,/shop/t3",
            "{'_meta.path':{'$regex':'sub'}}|/shop/sub/t4",
            "{'_meta.modifiedBy':'ann'}|/shop/t1,/shop/t3",
            "{'_meta.created':{'$gt':0}}|/shop/sub/t4,/shop/t1,/shop/t2,/shop/t3",
    })
    void criteriaSelectDocuments(String criteria, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertEquals(want, where(criteria));
    }

    @Test
    void sortSkipAndLimitPage() {
        Query byPriceDesc = Query.ALL.withSort(Sort.desc("price"));
        assertEquals(List.of("/shop/sub/t4", "/shop/t3", "/shop/t2", "/shop/t1"), paths("/shop/**", byPriceDesc));
        assertEquals(List.of("/shop/t3", "/shop/t2"), paths("/shop/**", byPriceDesc.withSkip(1).withLimit(2)));
        assertEquals(List.of(), paths("/shop/**", byPriceDesc.withSkip(10)));
    }

    @Test
    void sortByMetaThenDataField() {
        assertEquals(List.of("/shop/t1", "/shop/t3", "/other/t5", "/shop/t2", "/shop/sub/t4"),
                paths("/**", Query.ALL.withSort(Sort.asc("_meta.modifiedBy"), Sort.asc("price"))));
        assertEquals(List.of("/other/t5", "/shop/sub/t4", "/shop/t3", "/shop/t2", "/shop/t1"),
                paths("/**", Query.ALL.withSort(Sort.desc("_meta.version"))));
    }

    @Test
    void fieldsProjectTheDataAndKeepThePathAndMeta() {
        List<Item> items = value(f.data.find("/shop/t1", Query.ALL.withFields("name", "address.city", "missing")));
        assertEquals(json("{'name':'T1','address':{'city':'Oslo'}}"), items.get(0).data());
        assertEquals("/shop/t1", items.get(0).path());
        assertEquals("ann", items.get(0).meta().modifiedBy());
        // the stored document is untouched
        assertEquals(4, value(f.data.get("/shop/t1")).orElseThrow().data().size());
    }
}
