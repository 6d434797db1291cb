package dev.graphileworker.api;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds and administers jobs: the operations every queue offers, whether a real one on PostgreSQL
 * ({@link WorkerUtils}, a running worker's helpers) or the testkit's in-memory one. Each method
 * has the semantics of graphile-worker's SQL function of the same name ({@code add_job},
 * {@code add_jobs}, {@code remove_job}, ...); on PostgreSQL it calls that function, so Java, SQL and
 * Node.js clients share one implementation.
 *
 * <p>Implementations are thread-safe, and wake idle workers when they add jobs. Failures are
 * reported as {@link WorkerException} (for example an unknown job key mode or a constraint the job
 * violates).
 *
 * @since 0.1.0
 */
public interface JobAdmin {

    /**
     * Adds a job with default options.
     *
     * @param identifier the task identifier
     * @param payload the payload, or {@code null} for {@code {}}
     * @return the job as stored
     */
    default Job addJob(String identifier, Object payload) {
        return addJob(identifier, payload, AddJobOptions.defaults());
    }

    /**
     * Adds a job (or replaces the one with the same key, see {@link JobKeyMode}).
     *
     * @param identifier the task identifier
     * @param payload the payload, or {@code null} for {@code {}}
     * @param options queue, schedule, key and the rest
     * @return the job as stored
     */
    Job addJob(String identifier, Object payload, AddJobOptions options);

    /**
     * Adds a job of a declared task with default options: the compiler checks that the payload is of
     * the task's payload type. The same as {@link #addJob(String, Object)} with the definition's
     * identifier.
     *
     * @param definition the task
     * @param payload the payload, or {@code null} for {@code {}}
     * @param <T> the payload type
     * @return the job as stored
     * @since 0.1.0
     */
    default <T> Job addJob(TaskDefinition<T> definition, T payload) {
        return addJob(definition, payload, AddJobOptions.defaults());
    }

    /**
     * Adds a job of a declared task (or replaces the one with the same key, see {@link JobKeyMode}):
     * the compiler checks that the payload is of the task's payload type. The same as
     * {@link #addJob(String, Object, AddJobOptions)} with the definition's identifier, so it calls
     * the same SQL function.
     *
     * @param definition the task
     * @param payload the payload, or {@code null} for {@code {}}
     * @param options queue, schedule, key and the rest
     * @param <T> the payload type
     * @return the job as stored
     * @since 0.1.0
     */
    default <T> Job addJob(TaskDefinition<T> definition, T payload, AddJobOptions options) {
        return addJob(Objects.requireNonNull(definition, "definition").identifier(), payload, options);
    }

    /**
     * Adds several jobs with one {@code add_jobs} statement.
     *
     * @param specs the jobs
     * @param preserveRunAt whether existing keyed jobs that have not been attempted keep their run time
     * @return the jobs as stored
     */
    List<Job> addJobs(List<JobSpec> specs, boolean preserveRunAt);

    /**
     * Removes the job with this key: deleted if it is not running; if it is running, it loses its key
     * and will not be retried.
     *
     * @param jobKey the key
     * @return the job removed or defused, or empty when no job has that key
     */
    Optional<Job> removeJob(String jobKey);

    /**
     * Marks jobs as done without running them (deletes them); running jobs are skipped.
     *
     * @param jobIds the ids
     * @return the jobs deleted
     */
    List<Job> completeJobs(Collection<Long> jobIds);

    /**
     * Fails jobs permanently: their attempts are used up; running jobs are skipped.
     *
     * @param jobIds the ids
     * @param reason the message stored as {@code last_error}, or {@code null} for the default
     * @return the jobs changed
     */
    List<Job> permanentlyFailJobs(Collection<Long> jobIds, String reason);

    /**
     * Changes run time, priority and attempts of jobs; running jobs are skipped.
     *
     * @param jobIds the ids
     * @param changes the new values; {@code null} fields keep the current ones
     * @return the jobs changed
     */
    List<Job> rescheduleJobs(Collection<Long> jobIds, RescheduleOptions changes);

    /**
     * Unlocks every job and queue held by these workers, for workers known to be dead. Their jobs
     * become available again at once.
     *
     * @param workerIds the ids of the dead workers
     */
    void forceUnlockWorkers(Collection<String> workerIds);

    /**
     * Deletes rows the queue no longer needs, as graphile-worker's {@code cleanup} does: permanently
     * failed jobs, then unused task identifiers, then empty queues, so one call with all three also
     * removes the identifiers and queues that only the deleted jobs used. Rows a worker holds are never
     * deleted. Everything runs in one transaction: on failure nothing is deleted.
     *
     * <p>So that no job is added for a task identifier or queue at the moment it is deleted, adding
     * jobs waits while {@link CleanupTask#GC_TASK_IDENTIFIERS} or {@link CleanupTask#GC_JOB_QUEUES}
     * runs (and, for the latter, so do workers settling jobs); these tasks first wait for transactions
     * that are adding jobs to end, and give up with a {@link WorkerException} if one stays open for more
     * than ten seconds.
     *
     * @param options the cleanup tasks to run and the task identifiers to keep
     * @return how many rows each task deleted
     */
    CleanupResult cleanup(CleanupOptions options);

    /**
     * Counts the jobs by state in one pass over the jobs table.
     *
     * @return the counts, taken at one moment
     */
    QueueDepth queueDepth();
}
