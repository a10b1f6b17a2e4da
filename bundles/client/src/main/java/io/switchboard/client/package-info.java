/**
 * The Java client: the data API, the mesh (calls, component events, the description) and the bus
 * (publish, request and reply, subscriptions with acks; since 1.2) of a remote Switchboard runtime
 * over its WebSocket, with the same options as in the JVM ({@link io.switchboard.data.WriteOptions},
 * {@link io.switchboard.data.Query}, {@link io.switchboard.subscription.SubscribeOptions},
 * {@link io.switchboard.api.mesh.CallOptions}). Since 1.4 the send queue's bound is an option
 * ({@link io.switchboard.client.ClientOptions#withMaxQueuedBytes}).
 */
@Export
@Version("1.4.0")
package io.switchboard.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
