package dev.graphileworker.api;

/**
 * How many jobs the queue holds, by state, counted in one pass at one moment. For dashboards,
 * progress lines and alerts; it reads every job row, so sample it every few seconds, not per job.
 *
 * @param runnable due and not locked, with attempts left: a worker may take them now (those behind a
 *     locked named queue included)
 * @param scheduled not yet due (a future {@code run_at}, or waiting to be retried), with attempts left
 * @param locked being run by a worker
 * @param permanentlyFailed out of attempts and not locked: they will not run again on their own
 * @since 0.1.0
 */
public record QueueDepth(long runnable, long scheduled, long locked, long permanentlyFailed) {

    /** @return every job in the queue */
    public long total() {
        return runnable + scheduled + locked + permanentlyFailed;
    }
}
