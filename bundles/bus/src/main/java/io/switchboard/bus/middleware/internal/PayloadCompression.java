package io.switchboard.bus.middleware.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.middleware.BusMessage;
import io.switchboard.bus.middleware.BusMiddleware;

/**
 * Stores payloads larger than {@code compressAboveBytes} gzip-compressed, marked with {@value
 * #HEADER}, and restores them on delivery: consumers never see the difference. Last before storage
 * (it compresses what the other links made), so first after delivery.
 */
@Component(service = BusMiddleware.class, property = {"service.ranking:Integer=-10000", BusMiddleware.NAME + "=compression"})
public final class PayloadCompression implements BuiltIn {

    public static final String HEADER = "Bus-Content-Encoding";
    private static final String GZIP = "gzip";

    private final MiddlewareChain chain;

    @Activate
    public PayloadCompression(@Reference MiddlewareChain chain) {
        this.chain = chain;
    }

    @Override
    public BusMessage beforeStore(BusMessage message) {
        if (GZIP.equals(message.headers().get(HEADER))) {
            return message; // compressed already (a copy of a stored message); stored as it is
        }
        int threshold = chain.compressAboveBytes();
        if (threshold <= 0 || message.payload().length <= threshold) {
            return message;
        }
        byte[] compressed = gzip(message.payload());
        if (compressed.length >= message.payload().length) {
            return message;
        }
        Map<String, String> headers = new HashMap<>(message.headers());
        headers.put(HEADER, GZIP);
        return new BusMessage(message.topic(), compressed, headers, message.producer());
    }

    @Override
    public BusMessage afterDelivery(BusMessage message) {
        if (!GZIP.equals(message.headers().get(HEADER))) {
            return message;
        }
        Map<String, String> headers = new HashMap<>(message.headers());
        headers.remove(HEADER);
        return new BusMessage(message.topic(), gunzip(message.payload()), headers, message.producer());
    }

    static byte[] gzip(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] stored) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SwitchboardException(BusErrors.STORE_FAILED, "a stored message marked gzip could not be decompressed: " + e.getMessage());
        }
    }
}
