package io.switchboard.bus.internal.file;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.switchboard.bus.spi.StoredMessage;
import io.switchboard.bus.spi.TopicQueue;

/** Messages and dead letters as the file driver writes them: a version byte, then the fields in order. */
final class Records {

    private static final byte VERSION = 1;

    /** A stored message and the dedup id it was published with. */
    record Message(StoredMessage message, String dedupId) {
    }

    private Records() {
    }

    static byte[] message(StoredMessage message, String dedupId) {
        return write(out -> {
            out.writeByte(VERSION);
            write(out, message);
            text(out, dedupId);
        });
    }

    static Message message(byte[] bytes) {
        return read(bytes, in -> {
            in.readByte();
            return new Message(readMessage(in), readText(in));
        });
    }

    static byte[] dead(TopicQueue.Dead letter) {
        return write(out -> {
            out.writeByte(VERSION);
            write(out, letter.message());
            out.writeUTF(letter.group());
            out.writeInt(letter.deliveries());
            out.writeUTF(letter.reason());
            out.writeLong(letter.deadAt());
        });
    }

    static TopicQueue.Dead dead(byte[] bytes) {
        return read(bytes, in -> {
            in.readByte();
            return new TopicQueue.Dead(readMessage(in), in.readUTF(), in.readInt(), in.readUTF(), in.readLong());
        });
    }

    private static void write(DataOutputStream out, StoredMessage message) throws IOException {
        out.writeLong(message.sequence());
        out.writeLong(message.publishedAt());
        out.writeLong(message.visibleAt());
        out.writeByte(message.priority());
        out.writeBoolean(message.reply());
        text(out, message.key());
        out.writeInt(message.headers().size());
        for (Map.Entry<String, String> header : message.headers().entrySet()) {
            out.writeUTF(header.getKey());
            out.writeUTF(header.getValue());
        }
        out.writeInt(message.payload().length);
        out.write(message.payload());
    }

    private static StoredMessage readMessage(DataInputStream in) throws IOException {
        long sequence = in.readLong();
        long publishedAt = in.readLong();
        long visibleAt = in.readLong();
        int priority = in.readByte();
        boolean reply = in.readBoolean();
        String key = readText(in);
        int count = in.readInt();
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            headers.put(in.readUTF(), in.readUTF());
        }
        byte[] payload = in.readNBytes(in.readInt());
        return new StoredMessage(sequence, payload, priority, key, publishedAt, visibleAt, reply, headers);
    }

    private static void text(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private interface Writing {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reading<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writing.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reading<T> reading) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return reading.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("a bus record in the file cannot be read", e);
        }
    }
}
