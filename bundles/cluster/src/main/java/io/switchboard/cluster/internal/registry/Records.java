package io.switchboard.cluster.internal.registry;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

/** Registry records as the replicated map holds them: JSON text, so no class of ours has to be loaded by Hazelcast. */
final class Records {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter WRITE = JSON.writerFor(NodeRecord.class);
    private static final ObjectReader READ = JSON.readerFor(NodeRecord.class);

    private Records() {
    }

    static String write(NodeRecord record) {
        try {
            return WRITE.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a registry record could not be written", e);
        }
    }

    /** @return null when the text is not a record (written by an incompatible version) */
    static NodeRecord read(String text) {
        try {
            NodeRecord record = READ.readValue(text);
            return record.node() == null || record.member() == null || record.address() == null || record.state() == null ? null : record;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
