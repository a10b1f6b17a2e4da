package io.switchboard.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.switchboard.http.internal.RequestSource.Kind;

class RequestSourceTest {

    private static final String HOST = "127.0.0.1:8080";

    @Test
    void secFetchSiteDecidesWhenABrowserSendsIt() {
        assertEquals(Kind.SAME_ORIGIN, RequestSource.of("same-origin", null, null, HOST).kind());
        assertEquals(Kind.SAME_ORIGIN, RequestSource.of("none", null, null, HOST).kind(), "typed into the address bar");
        assertEquals(new RequestSource(Kind.CROSS_ORIGIN, "https://evil.example"),
                RequestSource.of("cross-site", "https://evil.example", null, HOST));
        assertEquals(Kind.CROSS_ORIGIN, RequestSource.of("same-site", "http://127.0.0.1:9090", null, HOST).kind(),
                "another port of the same host is another origin");
        assertEquals(Kind.CROSS_ORIGIN, RequestSource.of("cross-site", "http://127.0.0.1:8080", null, HOST).kind(),
                "a forgeable Origin never overrules Sec-Fetch-Site");
    }

    @Test
    void originIsComparedWithTheHostWhenThereIsNoSecFetchSite() {
        assertEquals(Kind.SAME_ORIGIN, RequestSource.of(null, "http://127.0.0.1:8080", null, HOST).kind());
        assertEquals(Kind.SAME_ORIGIN, RequestSource.of(null, "https://Switchboard.Example.com", null, "switchboard.example.com").kind(),
                "case and a TLS-ending proxy do not matter");
        assertEquals(Kind.SAME_ORIGIN, RequestSource.of(null, "https://switchboard.example.com", null, "switchboard.example.com:443").kind());
        assertEquals(new RequestSource(Kind.CROSS_ORIGIN, "http://evil.example"), RequestSource.of(null, "http://evil.example", null, HOST));
        assertEquals(new RequestSource(Kind.CROSS_ORIGIN, "null"), RequestSource.of(null, "null", null, HOST), "a sandboxed page");
    }

    @Test
    void refererStandsInForAnOriginOlderBrowsersDoNotSend() {
        assertEquals(Kind.SAME_ORIGIN, RequestSource.of(null, null, "http://127.0.0.1:8080/system/console/bundles", HOST).kind());
        assertEquals(new RequestSource(Kind.CROSS_ORIGIN, "http://evil.example:81"),
                RequestSource.of(null, null, "http://evil.example:81/page?x=1", HOST));
    }

    @Test
    void aRequestWithoutAnyOfTheHeadersIsNotFromABrowser() {
        assertEquals(Kind.NOT_A_BROWSER, RequestSource.of(null, null, null, HOST).kind());
    }

    @Test
    void originsAreWrittenAsBrowsersWriteThem() {
        assertEquals("https://app.example.com", RequestSource.normalize("HTTPS://App.Example.com:443/"));
        assertEquals("http://app.example.com:8443", RequestSource.normalize("http://app.example.com:8443"));
        assertEquals("null", RequestSource.normalize("file:///etc/passwd"));
        assertEquals("null", RequestSource.normalize("not a url"));
    }
}
