package io.switchboard.data;

import java.util.Optional;

import org.osgi.util.promise.Promise;

/**
 * The outcome of a write ({@code set}, {@code increment}, {@code publish} or {@code remove}).
 *
 * @param item the document as stored (or, for {@code noStore}/{@code publish}, as published);
 *        empty for {@code remove}
 * @param removed how many documents a {@code remove} deleted; 0 for the other writes
 * @param published resolves with the publication's results; already resolved for
 *        {@link Consistency#TRANSACTIONAL} and {@link Consistency#ACKNOWLEDGED}
 */
public record WriteResult(Optional<Item> item, long removed, Promise<PublishResults> published) {
}
