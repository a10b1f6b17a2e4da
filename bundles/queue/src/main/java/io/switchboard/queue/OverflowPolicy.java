package io.switchboard.queue;

/** What a full queue does with one more task. */
public enum OverflowPolicy {
    /** Refuse it: {@link WorkQueue#submit} throws {@link QueueFullException}, so the caller can answer with an error. */
    REJECT,
    /** Drop it and count the drop: for work whose loss is acceptable under overload, like publications to a slow client. */
    DROP
}
