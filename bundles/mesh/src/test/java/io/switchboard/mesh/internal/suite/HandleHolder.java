package io.switchboard.mesh.internal.suite;

import io.switchboard.api.mesh.Happn;

/** A component that does nothing but hand its Happn to the test that started it. */
public final class HandleHolder {

    static final ThreadLocal<Happn> LAST = new ThreadLocal<>();

    public HandleHolder(Happn happn) {
        LAST.set(happn);
    }
}
