package dev.graphileworker.domain.admin;

import dev.graphileworker.api.Job;
import dev.graphileworker.api.admin.JobState;
import dev.graphileworker.domain.LockTimeout;
import java.time.Instant;

/**
 * Decides a job's {@link JobState}, testing the states in the order the enum documents. The PostgreSQL
 * adapter states the same rule in SQL (for filters and counts); the administration contract holds both
 * to it.
 */
public final class JobStates {

    private JobStates() {
    }

    /**
     * @param job a job as stored
     * @param now the current time, which separates due jobs from scheduled ones and live locks from stale ones
     * @return where the job stands
     */
    public static JobState of(Job job, Instant now) {
        boolean locked = isLocked(job, now);
        if (!locked && job.attempts() >= job.maxAttempts()) {
            return JobState.PERMANENTLY_FAILED;
        }
        if (locked) {
            return JobState.LOCKED;
        }
        if (job.lastError().isPresent()) {
            return JobState.FAILED;
        }
        return job.runAt().isAfter(now) ? JobState.SCHEDULED : JobState.RUNNABLE;
    }

    /**
     * @param job a job as stored
     * @param now the current time
     * @return whether a worker presumed alive holds it: a lock older than the {@link LockTimeout} does not count
     */
    public static boolean isLocked(Job job, Instant now) {
        return job.lockedAt().filter(lockedAt -> !lockedAt.isBefore(LockTimeout.staleBefore(now))).isPresent();
    }
}
