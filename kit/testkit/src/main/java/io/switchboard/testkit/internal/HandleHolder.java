package io.switchboard.testkit.internal;

import io.switchboard.api.mesh.Happn;

/**
 * The component behind {@code TestMesh.handle}: it only keeps the handle the mesh gave it. It has
 * no public method, so it offers no exchange; the handle is a field because a public method would
 * be one.
 */
public final class HandleHolder {

    final Happn happn;

    public HandleHolder(Happn happn) {
        this.happn = happn;
    }
}
