package io.switchboard.data;

/**
 * How a publication went.
 *
 * @param queued recipients the publication was handed to
 * @param successful recipients that took it without error
 * @param failed recipients that refused it, threw, or did not acknowledge in time
 * @param skipped matching recipients that were not handed it (closing, or their event count used up)
 * @param acknowledged recipients that confirmed it (only with {@link Consistency#ACKNOWLEDGED})
 */
public record PublishResults(int queued, int successful, int failed, int skipped, int acknowledged) {

    /** Nothing was published (no subscriber, or {@code noPublish}). */
    public static final PublishResults NONE = new PublishResults(0, 0, 0, 0, 0);
}
