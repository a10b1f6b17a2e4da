package io.switchboard.data.spi;

import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.Item;

/**
 * A validated, compiled filter. Providers that can evaluate the filter natively (a database) read
 * {@link #source()}; the others call {@link #test(Item)}.
 */
public interface Criteria extends Predicate<Item> {

    /** The filter as the caller wrote it, already validated; {@code null} when everything matches. */
    ObjectNode source();
}
