package io.switchboard.mesh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The mesh's configuration as an operator writes it into etc/io.switchboard.mesh.cfg. */
class MeshRuntimeSettingsTest {

    /** A configuration with these values and every other at its default, as DS hands it over. */
    private static MeshRuntime.Config config(Map<String, Object> values) {
        return (MeshRuntime.Config) Proxy.newProxyInstance(MeshRuntime.Config.class.getClassLoader(), new Class<?>[] {MeshRuntime.Config.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }

    @Test
    void valuesOutOfRangeAreReplacedByTheirDefaultsNotTaken() {
        MeshSettings settings = MeshRuntime.settings(config(Map.of("callTimeoutMillis", -5L, "hopLimit", -1, "rebindMillis", -1L,
                "node", "a/b")));
        MeshSettings defaults = MeshSettings.defaults();
        assertEquals(defaults.callTimeoutMillis(), settings.callTimeoutMillis());
        assertEquals(defaults.hopLimit(), settings.hopLimit());
        assertEquals(defaults.rebindMillis(), settings.rebindMillis());
        assertEquals(defaults.node(), settings.node());
    }

    @Test
    void theLogLineNamesWhatChangedAndNothingElse() {
        MeshSettings before = MeshRuntime.settings(config(Map.of()));
        MeshSettings after = MeshRuntime.settings(config(Map.of("callTimeoutMillis", 5_000L, "hopLimit", 12)));
        assertEquals("callTimeoutMillis 30000 -> 5000, hopLimit 10 -> 12", MeshRuntime.changes(before, after));
        assertEquals(before, MeshRuntime.settings(config(Map.of("callTimeoutMillis", 30_000L))), "writing the defaults changes nothing");
    }
}
