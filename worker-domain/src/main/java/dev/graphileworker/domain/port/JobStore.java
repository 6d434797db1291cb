package dev.graphileworker.domain.port;

import dev.graphileworker.api.TaskLimit;
import dev.graphileworker.domain.JobCompletion;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The worker's side of the queue: claim jobs, then settle each one as completed, failed or released.
 * Implementations are thread-safe; every method is one atomic change.
 */
public interface JobStore {

    /**
     * Claims up to {@code limit} jobs: available, due ({@code run_at <= now}), of one of
     * {@code taskIdentifiers}, carrying none of {@code forbiddenFlags}, and in no named queue that is
     * locked. Ordered by priority, then run at (jobs due at the same instant in any order). At most
     * one job per named queue is taken, and its queue is locked to {@code workerId}. Each claimed job
     * is locked to {@code workerId} and its attempts go up by one.
     *
     * @return the claimed jobs as they are after the claim; empty when none is available
     */
    List<JobRow> claimJobs(String workerId, Set<String> taskIdentifiers, Set<String> forbiddenFlags, int limit);

    /**
     * Claims as {@link #claimJobs(String, Set, Set, int)} does, telling {@code returned} how many jobs it
     * claimed as soon as it knows, before it has read them: the worker may then start a claim for idle
     * runners that these jobs will not feed while they are read. By default, once they are read.
     *
     * @param returned called once with how many jobs were claimed, when the claim succeeded
     */
    default List<JobRow> claimJobs(String workerId, Set<String> taskIdentifiers, Set<String> forbiddenFlags, int limit,
            IntConsumer returned) {
        List<JobRow> claimed = claimJobs(workerId, taskIdentifiers, forbiddenFlags, limit);
        returned.accept(claimed.size());
        return claimed;
    }

    /**
     * Claims jobs of one limited task as {@link #claimJobs} does, but at most as many as its limits
     * allow now, across every worker that honours them: no more than {@link TaskLimit#maxRunning()}
     * less the task's jobs locked by a worker presumed alive (a lock younger than the
     * {@link dev.graphileworker.domain.LockTimeout}), and no more than {@link TaskLimit#maxStarts()}
     * less the task's starts recorded in the last {@link TaskLimit#per()}. Claims of one task are
     * serialised between workers, so that concurrent claimers never exceed the limits together. The
     * claimed jobs are recorded as starts when the task has a rate limit.
     *
     * @param limit the task and its limits
     * @param wanted the most jobs to claim, whatever the limits allow
     * @return the claimed jobs as they are after the claim; empty when none is available or allowed
     */
    default List<JobRow> claimLimitedJobs(String workerId, TaskLimit limit, Set<String> forbiddenFlags, int wanted) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support task limits");
    }

    /** Deletes jobs whose handler succeeded and unlocks their queues held by {@code workerId}. */
    void completeJobs(String workerId, Collection<Long> jobIds);

    /**
     * {@link #completeJobs(String, Collection)}, knowing how long each job ran: a store that keeps a
     * history of finished jobs records them in the same atomic change. By default the run times are
     * not kept.
     */
    default void completeJobsWithRunTimes(String workerId, List<JobCompletion> completions) {
        completeJobs(workerId, completions.stream().map(JobCompletion::jobId).toList());
    }

    /**
     * Records failed attempts of jobs locked by {@code workerId}: sets {@code last_error}, moves
     * {@code run_at} to {@code greatest(now, run_at) + retryDelay}, unlocks the jobs and their queues.
     * A store that keeps a history of finished jobs records, in the same atomic change, the jobs whose
     * last attempt this was (attempts reached max attempts), with their {@link JobFailure#runTime()}.
     */
    void failJobs(String workerId, Collection<JobFailure> failures);

    /** Gives back jobs claimed by {@code workerId} but never started: unlocked, the attempt undone. */
    void releaseJobs(String workerId, Collection<Long> jobIds);

    /**
     * Unlocks every job and queue locked longer ago than the {@link dev.graphileworker.domain.LockTimeout}:
     * their worker is presumed dead. Freed jobs keep their attempts; a {@code run_at} in the past
     * moves up to now, so they queue behind jobs that have waited longer.
     *
     * @return how many jobs were freed
     */
    int releaseStaleLocks();
}
