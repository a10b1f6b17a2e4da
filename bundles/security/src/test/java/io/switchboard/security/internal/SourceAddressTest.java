package io.switchboard.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceAddressTest {

    @ParameterizedTest(name = "{0} -> {1} loopback={2}")
    @CsvSource(delimiter = '|', value = {
            "203.0.113.7|203.0.113.7|false",
            "203.0.113.7:4000|203.0.113.7|false",
            "/203.0.113.7:4000|203.0.113.7|false",
            "gateway.example/203.0.113.7:4000|203.0.113.7|false",
            "/127.0.0.1:60000|127.0.0.1|true",
            "/127.0.0.2:60000|127.0.0.2|true",
            "/[0:0:0:0:0:0:0:1]:60000|0:0:0:0:0:0:0:1|true",
            "[2001:db8:1:2:3:4:5:6]:443|2001:db8:1:2:_64|false",
            "2001:db8:1:2:ffff::1|2001:db8:1:2:_64|false",
            "example.org|example.org|false",
            "a b/c\"d|c_d|false",
    })
    void oneSegmentPerClientAddressAndIPv6ByNetwork(String from, String key, boolean loopback) {
        SourceAddress source = SourceAddress.of(from);
        assertEquals(key, source.key());
        assertEquals(loopback, source.loopback());
    }
}
