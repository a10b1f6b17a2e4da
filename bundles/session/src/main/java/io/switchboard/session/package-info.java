/**
 * Sessions: one per client connection. A transport hands each connection to the {@link
 * io.switchboard.session.SessionManager}; requests then pass the ordered {@link
 * io.switchboard.session.Layer}s to the {@link io.switchboard.session.ActionHandler} registered for
 * their action, and answers and publications go back through the layers to the connection.
 */
@Export
@Version("1.1.0")
package io.switchboard.session;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
