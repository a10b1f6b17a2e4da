/**
 * The one way Switchboard's HTTP endpoints answer with an error: {@code {"error": {"code", "message"}}}
 * as JSON, with the status the endpoint chose (DESIGN.md, "errors over HTTP"); and how every
 * endpoint under {@code /api/} is checked before it runs ({@link io.switchboard.system.http.ApiEndpoint},
 * {@link io.switchboard.system.http.HttpAuthorizer}); and how they read a request's body within a
 * limit ({@link io.switchboard.system.http.RequestBodies}).
 */
@Export
@Version("1.2.0")
package io.switchboard.system.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
