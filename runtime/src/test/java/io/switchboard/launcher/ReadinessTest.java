package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReadinessTest {

    @Test
    void aWildcardAddressIsReachedOnLoopbackAndAnIpv6OneInBrackets() {
        assertEquals("127.0.0.1", Readiness.urlHost("0.0.0.0"));
        assertEquals("127.0.0.1", Readiness.urlHost(""));
        assertEquals("127.0.0.1", Readiness.urlHost("::"));
        assertEquals("127.0.0.1", Readiness.urlHost("[::]"));
        assertEquals("192.168.1.5", Readiness.urlHost("192.168.1.5"));
        assertEquals("[::1]", Readiness.urlHost("::1"));
        assertEquals("[::1]", Readiness.urlHost("[::1]"));
    }
}
