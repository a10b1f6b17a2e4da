package io.switchboard.data.internal;

import java.util.function.UnaryOperator;

import io.switchboard.data.spi.StoredItem;

/**
 * A change to a stored document that says what it reads of the current one. A set that replaces a
 * document reads only its meta (whether there is one, and its {@code created}), never its data: a
 * provider that keeps documents serialized may then hand it the current document with empty data
 * instead of decoding it (decoding was most of what a stored set spent reading).
 */
public interface DocumentChange extends UnaryOperator<StoredItem> {

    /** Whether the change reads the current document's meta only; a set that merges reads its data too. */
    boolean readsMetaOnly();
}
