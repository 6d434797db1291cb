package dev.graphileworker.testkit.internal.memory;

import dev.graphileworker.api.RescheduleOptions;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.LockTimeout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's SQL functions. Each leaves alone jobs that a live worker holds, because changing a
 * running job under its worker would be overwritten or misread when the worker settles it.
 */
public final class AdminFunctions {

    private static final String DEFAULT_FAILURE_REASON = "Manually marked as failed";

    private final JobTable table;

    /** @param table the tables to read and write */
    public AdminFunctions(JobTable table) {
        this.table = table;
    }

    /** remove_job: a running job cannot be stopped, so it is defused instead: no key, no further attempts. */
    public Optional<JobRow> removeJob(String jobKey, Instant now) {
        if (jobKey == null) {
            return Optional.empty();
        }
        Optional<StoredJob> holder = table.withKey(jobKey);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        StoredJob job = holder.get();
        if (!job.isLocked(LockTimeout.staleBefore(now))) {
            table.delete(job);
            return Optional.of(job.toRow());
        }
        table.clearKey(job);
        job.attempts = job.maxAttempts;
        job.updatedAt = now;
        return Optional.of(job.toRow());
    }

    /** complete_jobs. */
    public List<JobRow> completeJobs(Collection<Long> jobIds, Instant now) {
        List<JobRow> deleted = new ArrayList<>();
        for (StoredJob job : unlocked(jobIds, now)) {
            table.delete(job);
            deleted.add(job.toRow());
        }
        return deleted;
    }

    /** permanently_fail_jobs. */
    public List<JobRow> permanentlyFailJobs(Collection<Long> jobIds, String reason, Instant now) {
        List<JobRow> failed = new ArrayList<>();
        for (StoredJob job : unlocked(jobIds, now)) {
            job.lastError = reason == null ? DEFAULT_FAILURE_REASON : reason;
            job.attempts = job.maxAttempts;
            job.updatedAt = now;
            failed.add(job.toRow());
        }
        return failed;
    }

    /**
     * reschedule_jobs. The columns' checks apply only when a row is written, as in PostgreSQL, and
     * they are made before any row is, so a rejected call changes nothing.
     */
    public List<JobRow> rescheduleJobs(Collection<Long> jobIds, RescheduleOptions changes, Instant now) {
        List<StoredJob> targets = unlocked(jobIds, now);
        if (!targets.isEmpty()) {
            checkColumns(changes);
        }
        List<JobRow> rescheduled = new ArrayList<>();
        for (StoredJob job : targets) {
            if (changes.runAt() != null) {
                job.runAt = changes.runAt();
            }
            if (changes.priority() != null) {
                job.priority = changes.priority();
            }
            if (changes.attempts() != null) {
                job.attempts = changes.attempts();
            }
            if (changes.maxAttempts() != null) {
                job.maxAttempts = changes.maxAttempts();
            }
            job.updatedAt = now;
            rescheduled.add(job.toRow());
        }
        return rescheduled;
    }

    /** force_unlock_workers: what those workers held is free at once instead of after the lock timeout. */
    public void forceUnlockWorkers(Collection<String> workerIds) {
        Set<String> workers = workerIds.stream().filter(Objects::nonNull).collect(Collectors.toSet());
        for (StoredJob job : table.all()) {
            if (job.lockedBy != null && workers.contains(job.lockedBy)) {
                job.unlock();
            }
        }
        table.unlockQueuesHeldBy(workers);
    }

    private List<StoredJob> unlocked(Collection<Long> jobIds, Instant now) {
        Instant staleBefore = LockTimeout.staleBefore(now);
        return table.withIds(jobIds).stream().filter(job -> !job.isLocked(staleBefore)).toList();
    }

    private static void checkColumns(RescheduleOptions changes) {
        if (changes.priority() != null) {
            ColumnRules.smallint("priority", changes.priority());
        }
        if (changes.attempts() != null) {
            ColumnRules.smallint("attempts", changes.attempts());
        }
        if (changes.maxAttempts() != null) {
            ColumnRules.checkMaxAttempts(changes.maxAttempts());
        }
    }
}
