package io.switchboard.bus.redis.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.switchboard.bus.spi.StoredMessage;

/** A message's record in Redis (the fields the scripts do not read): a version byte, then the fields in order. */
final class Codec {

    private static final byte VERSION = 1;

    private Codec() {
    }

    static byte[] encode(StoredMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(message.publishedAt());
            out.writeLong(message.visibleAt());
            out.writeByte(message.priority());
            out.writeBoolean(message.reply());
            out.writeBoolean(message.key() != null);
            if (message.key() != null) {
                out.writeUTF(message.key());
            }
            out.writeInt(message.headers().size());
            for (Map.Entry<String, String> header : message.headers().entrySet()) {
                out.writeUTF(header.getKey());
                out.writeUTF(header.getValue());
            }
            out.writeInt(message.payload().length);
            out.write(message.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StoredMessage decode(long sequence, byte[] record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            in.readByte();
            long publishedAt = in.readLong();
            long visibleAt = in.readLong();
            int priority = in.readByte();
            boolean reply = in.readBoolean();
            String key = in.readBoolean() ? in.readUTF() : null;
            int count = in.readInt();
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                headers.put(in.readUTF(), in.readUTF());
            }
            byte[] payload = in.readNBytes(in.readInt());
            return new StoredMessage(sequence, payload, priority, key, publishedAt, visibleAt, reply, headers);
        } catch (IOException e) {
            throw new UncheckedIOException("a bus record in Redis cannot be read", e);
        }
    }
}
