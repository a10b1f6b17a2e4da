package io.switchboard.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promises;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/** The one wait for the store that every keeper of the bus's records uses. */
class StoreAwaitTest {

    private final StoreAwait schedules = new StoreAwait("the schedules");

    @Test
    void aValueComesBackAndAStoreErrorKeepsItsCode() {
        assertEquals("v", schedules.await(Promises.resolved("v")));
        SwitchboardException known = new SwitchboardException("data.too-large", "the value is over the limit");
        assertSame(known, assertThrows(SwitchboardException.class, () -> schedules.await(Promises.failed(known))));
    }

    @Test
    void anyOtherFailureIsStoreFailedNamingTheRecordsNotAJavaClass() {
        SwitchboardException refused = assertThrows(SwitchboardException.class,
                () -> schedules.await(Promises.failed(new IllegalStateException("org.h2.mvstore.MVStoreException: closed"))));
        assertEquals(BusErrors.STORE_FAILED, refused.code());
        assertTrue(refused.getMessage().startsWith("the schedules could not be read or written; the server's log has the details under error id "),
                refused.getMessage());
        assertFalse(refused.getMessage().contains("mvstore"), refused.getMessage());
    }
}
