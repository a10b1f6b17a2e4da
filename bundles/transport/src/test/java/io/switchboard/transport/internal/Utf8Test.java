package io.switchboard.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Utf8Test {

    private static boolean valid(int... bytes) {
        byte[] array = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            array[i] = (byte) bytes[i];
        }
        return Utf8.valid(array, 0, array.length);
    }

    @Test
    void textAnyWriterWouldSendIsValid() {
        byte[] text = "{\"name\":\"café ünïcödé 日本 🎉\"}".getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8.valid(text, 0, text.length));
        assertTrue(valid());
    }

    @Test
    void whatUtf8NeverHasIsRefused() {
        assertFalse(valid(0xff), "a byte UTF-8 never has");
        assertFalse(valid(0x80), "a continuation byte first");
        assertFalse(valid(0xc3), "cut off");
        assertFalse(valid(0xc0, 0x80), "an overlong two-byte NUL");
        assertFalse(valid(0xe0, 0x80, 0x80), "an overlong three-byte form");
        assertFalse(valid(0xed, 0xa0, 0x80), "a surrogate (U+D800)");
        assertFalse(valid(0xf4, 0x90, 0x80, 0x80), "past U+10FFFF");
        assertFalse(valid(0xe2, 0x28, 0xa1), "a bad middle byte");
    }

    @Test
    void itAgreesWithTheJdksStrictDecoderOnRandomBytes() {
        Random random = new Random(13);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(8)];
            random.nextBytes(bytes);
            assertEquals(jdk(bytes), Utf8.valid(bytes, 0, bytes.length), () -> java.util.HexFormat.of().formatHex(bytes));
        }
    }

    private static boolean jdk(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
