package io.switchboard.itests.errors;

import java.net.http.HttpResponse;

import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.WireClient;

/**
 * One documented error code and how a client provokes it from outside, over raw frames or raw
 * HTTP. {@link DocumentedErrorCodesTest} runs every row and checks that every code docs/protocol.md
 * documents (for the prefixes a rows file covers) has one.
 *
 * @param code    the code the row must see
 * @param how     what the row does, in a few words (the test's display name)
 * @param provoke does it, and returns the code the runtime answered
 */
public record ErrorRow(String code, String how, Provoker provoke) {

    @FunctionalInterface
    public interface Provoker {
        String codeSeen(Env env) throws Exception;
    }

    /**
     * What a row may use, against one runtime with the features core, edge and security and the
     * small limits {@link DocumentedErrorCodesTest} configures. Connections a row opens are closed
     * after it.
     */
    public interface Env {

        int port();

        /** A token of the administrator {@code admin}. */
        String adminToken();

        /** A new WebSocket session, handshaken and logged in with the token. */
        WireClient client(String token);

        /** A new raw WebSocket, handshaken and logged in with the token (frames a client library never sends). */
        RawWebSocket raw(String token);

        /** A new raw WebSocket that has sent nothing yet. */
        RawWebSocket rawUnopened();

        /** A request to {@code path} with the token as a Bearer header ({@code null} for none). */
        HttpResponse<String> http(String method, String path, byte[] body, String token);

        /** The {@code error.code} of a JSON error answer, a frame's or an HTTP body's. */
        String codeOf(String json);
    }

    /** A documented code that cannot be provoked from outside, and what tests it instead. */
    public record Exempt(String code, String why) {
    }
}
