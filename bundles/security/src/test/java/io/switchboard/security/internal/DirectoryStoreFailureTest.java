package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promises;

import io.switchboard.api.errors.SwitchboardException;

/** A store that fails under the directory: the caller (WebSocket, HTTP, console) gets a code and an error id, never the store's Java. */
class DirectoryStoreFailureTest {

    @Test
    void aFailingStoreIsStoreFailedWithAnErrorIdAndNoJavaClassInTheMessage() {
        SwitchboardException failure = assertThrows(SwitchboardException.class,
                () -> Directory.await(Promises.failed(new UncheckedIOException("disk full", new java.io.IOException("no space")))));
        assertEquals("security.store-failed", failure.code());
        assertTrue(failure.getMessage().matches("the directory could not be read or written; the server's log has the details under error id e-\\p{XDigit}+"),
                failure.getMessage());
        assertFalse(failure.getMessage().contains("java.") || failure.getMessage().contains("Exception"), failure.getMessage());
    }
}
