package io.switchboard.api.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SwitchboardExceptionTest {

    @Test
    void carriesCodeAndMessage() {
        SwitchboardException e = new SwitchboardException("data.invalid-path", "path 'x' must start with '/'");
        assertEquals("data.invalid-path", e.code());
        assertEquals("path 'x' must start with '/'", e.getMessage());
    }

    @Test
    void rejectsCodesThatAreNotDottedLowerCaseWords() {
        assertThrows(IllegalArgumentException.class, () -> new SwitchboardException("InvalidPath", "m"));
        assertThrows(IllegalArgumentException.class, () -> new SwitchboardException("data", "m"));
        assertThrows(IllegalArgumentException.class, () -> new SwitchboardException(null, "m"));
    }
}
