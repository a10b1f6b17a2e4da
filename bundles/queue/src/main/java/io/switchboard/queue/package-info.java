/**
 * Bounded work queues. Each queue has its own threads, a capacity and an overflow policy, so one
 * busy queue cannot starve another and no queue can grow without bound. A {@link
 * io.switchboard.queue.WorkQueue#lane() lane} runs its tasks one at a time in the order given,
 * on its queue's threads: one lane per session keeps that session's messages in order while
 * sessions run in parallel.
 */
@Export
@Version("1.2.0")
package io.switchboard.queue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
