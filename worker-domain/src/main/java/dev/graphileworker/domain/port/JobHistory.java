package dev.graphileworker.domain.port;

/**
 * The history of finished jobs, as the worker's housekeeping sees it: entries are written by the
 * {@link JobStore} together with the completions and failures they record; here they are only pruned.
 */
public interface JobHistory {

    /**
     * Deletes up to {@code limit} entries older than the history's retention.
     *
     * @param limit the most entries deleted by this call, 1 or more
     * @return how many were deleted; fewer than {@code limit} when no more are due
     */
    int pruneExpired(int limit);
}
