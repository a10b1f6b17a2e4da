package io.switchboard.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.Item;
import io.switchboard.data.ItemMeta;

/** An item as the server sent it. */
public record RemoteItem(String path, ObjectNode data, Meta meta) implements Item {

    /** The meta of a remote item. */
    public record Meta(String path, long created, long modified, String modifiedBy, long version) implements ItemMeta {
    }
}
