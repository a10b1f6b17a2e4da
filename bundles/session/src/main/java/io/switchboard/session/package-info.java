/**
 * Sessions: one per client connection. A transport hands each connection to the {@link
 * io.switchboard.session.SessionManager}; requests then pass the ordered {@link
 * io.switchboard.session.Layer}s and the {@link io.switchboard.session.Authorizer} to the {@link
 * io.switchboard.session.ActionHandler} registered for their action, and answers and publications
 * go back through the layers to the connection. 2.0: every handler declares what its requests need
 * ({@link io.switchboard.session.ActionHandler#access}), and nothing runs without an authorizer.
 * 2.1: {@link io.switchboard.session.Session#unsentBytes()} and the close code for a session an
 * administrator closed;
 * frames travel as UTF-8 bytes both ways ({@link io.switchboard.session.SessionEndpoint#received(byte[], int, int)},
 * {@link io.switchboard.session.Connection#write}), and a connection flushes a run of frames in one write.
 * 2.2: {@link io.switchboard.session.ActionHandler#answer} (a default method) and {@link
 * io.switchboard.session.Answer}: facts about an answer beside its result, the frame's {@code meta}.
 * 2.2 also: {@link io.switchboard.session.SessionEndpoint#close}, so that a transport's close too comes
 * after the frames already queued for the client.
 * 2.3: {@link io.switchboard.session.SessionRefusedException} from {@link io.switchboard.session.SessionManager#open}
 * when as many sessions are open as the runtime takes, and {@link io.switchboard.session.Session#CLOSE_TRY_AGAIN_LATER}.
 * 2.4: {@link io.switchboard.session.ActionHandler#mayBlock} (a default method): a handler says which
 * requests may run on the thread that read them.
 */
@Export
@Version("2.5.0")
package io.switchboard.session;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
