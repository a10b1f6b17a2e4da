/**
 * The one set of limits on JSON that Switchboard accepts from outside (WebSocket frames, HTTP
 * bodies, query parameters, component arguments): nesting depth, string and number length, one
 * value per text, valid UTF-8. Every edge reads JSON through {@link io.switchboard.system.json.JsonLimits},
 * so a document that one entry point refuses is refused by all of them.
 */
@Export
@Version("1.0.0")
package io.switchboard.system.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
