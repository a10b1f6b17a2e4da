package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;

class MeshPathsTest {

    @Test
    void methodsAndEventsHaveTheirPlaceInThePermissionTree() {
        assertEquals("/_exchange/deviceManager/update", MeshPaths.method("deviceManager", "update"));
        assertEquals("/_events/deviceManager/alert", MeshPaths.events("deviceManager", "alert"));
        assertEquals("/_events/deviceManager/alerts/**", MeshPaths.events("deviceManager", "/alerts/**"));
    }

    @Test
    void aNameCannotChangeThePathsShape() {
        assertEquals("security.forbidden", assertThrows(SwitchboardException.class, () -> MeshPaths.method("a/b", "c")).code());
        assertEquals("security.forbidden", assertThrows(SwitchboardException.class, () -> MeshPaths.method("a", "")).code());
        assertEquals("security.forbidden", assertThrows(SwitchboardException.class, () -> MeshPaths.events("", "alert")).code());
    }
}
