package dev.graphileworker.domain.port;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.CleanupOptions;
import dev.graphileworker.api.CleanupResult;
import dev.graphileworker.api.QueueDepth;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.RescheduleOptions;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The producer's and operator's side of the queue, with the semantics of graphile-worker's SQL
 * functions of the same names. Implementations are thread-safe and announce added jobs to
 * {@link JobArrivals} listeners.
 */
public interface JobAdmin {

    /** {@code add_job}: adds a job, or replaces / de-duplicates one with the same key. */
    Job addJob(String identifier, Object payload, AddJobOptions options);

    /** {@code add_jobs}: adds several jobs at once, replacing keyed ones. */
    List<Job> addJobs(List<JobSpec> specs, boolean preserveRunAt);

    /** {@code remove_job}: deletes an unlocked job with this key, or defuses a locked one. */
    Optional<Job> removeJob(String jobKey);

    /** {@code complete_jobs}: deletes these jobs unless locked. */
    List<Job> completeJobs(Collection<Long> jobIds);

    /** {@code permanently_fail_jobs}: uses up the attempts of these jobs unless locked. */
    List<Job> permanentlyFailJobs(Collection<Long> jobIds, String reason);

    /** {@code reschedule_jobs}: changes the given fields of these jobs unless locked. */
    List<Job> rescheduleJobs(Collection<Long> jobIds, RescheduleOptions changes);

    /** {@code force_unlock_workers}: unlocks every job and queue held by these workers. */
    void forceUnlockWorkers(Collection<String> workerIds);

    /**
     * graphile-worker's {@code cleanup} (plain SQL, no function): deletes unlocked jobs out of attempts,
     * task identifiers no job uses (but those kept) and unlocked queues holding no job, in that order.
     */
    CleanupResult cleanup(CleanupOptions options);

    /** Counts jobs by state; a lock older than the lock timeout still counts as locked. */
    QueueDepth queueDepth();
}
