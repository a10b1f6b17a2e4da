package io.switchboard.data.spi;

import java.util.function.Predicate;

import io.switchboard.data.Item;
import io.switchboard.data.path.PathPattern;

/**
 * Which documents a read, count or remove applies to: those whose path matches {@code pattern},
 * that the provider owns ({@code owned}: several providers may hold documents under one pattern,
 * and each answers only for its own paths), and that pass {@code criteria}.
 */
public record Selection(PathPattern pattern, Predicate<String> owned, Criteria criteria) {

    /** Whether a stored document belongs to the selection. */
    public boolean test(Item item) {
        return pattern.matches(item.path()) && owned.test(item.path()) && criteria.test(item);
    }
}
