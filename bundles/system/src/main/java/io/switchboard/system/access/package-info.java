/**
 * What a request needs before it may run, declared by whoever serves it: a WebSocket action
 * handler, an HTTP endpoint under {@code /api/}. An authorizer (the security feature's, or the
 * permit-all one of the insecure development mode) decides; without one, nothing runs. The
 * refusal codes every edge answers with are in {@link io.switchboard.system.access.AccessErrors}.
 * 1.1: the directory's codes (invalid or unknown users, groups and permissions) and their statuses.
 */
@Export
@Version("1.1.0")
package io.switchboard.system.access;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
