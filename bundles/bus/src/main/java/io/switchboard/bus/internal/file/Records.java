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

/**
 * Messages, dead letters and failures as the file driver writes them: a version byte, then the fields
 * in order. Version 2 of a dead letter adds its last failure; version 1 records still read.
 */
final class Records {

    private static final byte VERSION = 1;
    private static final byte DEAD_WITH_FAILURE = 2;

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
            out.writeByte(DEAD_WITH_FAILURE);
            write(out, letter.message());
            out.writeUTF(letter.group());
            out.writeInt(letter.deliveries());
            out.writeUTF(letter.reason());
            out.writeLong(letter.deadAt());
            out.writeBoolean(letter.last() != null);
            if (letter.last() != null) {
                write(out, letter.last());
            }
        });
    }

    static TopicQueue.Dead dead(byte[] bytes) {
        return read(bytes, in -> {
            byte version = in.readByte();
            StoredMessage message = readMessage(in);
            String group = in.readUTF();
            int deliveries = in.readInt();
            String reason = in.readUTF();
            long deadAt = in.readLong();
            TopicQueue.Failure last = version >= DEAD_WITH_FAILURE && in.readBoolean() ? readFailure(in) : null;
            return new TopicQueue.Dead(message, group, deliveries, reason, deadAt, last);
        });
    }

    static byte[] failure(TopicQueue.Failure failure) {
        return write(out -> {
            out.writeByte(VERSION);
            write(out, failure);
        });
    }

    static TopicQueue.Failure failure(byte[] bytes) {
        return read(bytes, in -> {
            in.readByte();
            return readFailure(in);
        });
    }

    private static void write(DataOutputStream out, TopicQueue.Failure failure) throws IOException {
        out.writeInt(failure.status());
        out.writeUTF(failure.error());
    }

    private static TopicQueue.Failure readFailure(DataInputStream in) throws IOException {
        return new TopicQueue.Failure(in.readInt(), in.readUTF());
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
