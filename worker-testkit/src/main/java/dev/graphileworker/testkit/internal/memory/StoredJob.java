package dev.graphileworker.testkit.internal.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.domain.JobRow;
import java.time.Instant;
import java.util.Set;

/**
 * One row of {@code _private_jobs}, mutable in place as an {@code update} changes a row. The key is
 * changed only through {@link JobTable}, which indexes it.
 */
final class StoredJob {

    final long id;
    final Instant createdAt;
    String queueName;
    String taskIdentifier;
    JsonNode payload;
    int priority;
    Instant runAt;
    int attempts;
    int maxAttempts;
    String lastError;
    String key;
    int revision;
    Set<String> flags;
    Instant updatedAt;
    Instant lockedAt;
    String lockedBy;

    StoredJob(long id, NewJob job, Instant now) {
        this.id = id;
        this.createdAt = now;
        this.updatedAt = now;
        this.key = job.key();
        this.revision = 0;
        this.attempts = 0;
        take(job, job.runAt());
        this.payload = job.payload();
    }

    /**
     * add_jobs' {@code on conflict (key) do update}: the new values win, except that two array
     * payloads are concatenated (batch jobs accumulate) and the retry state starts over.
     */
    void replaceWith(NewJob job, boolean preserveRunAt, Instant now) {
        Instant newRunAt = preserveRunAt && attempts == 0 ? runAt : job.runAt();
        take(job, newRunAt);
        payload = Payloads.merge(payload, job.payload());
        revision++;
        attempts = 0;
        lastError = null;
        updatedAt = now;
    }

    private void take(NewJob job, Instant newRunAt) {
        queueName = job.queueName();
        taskIdentifier = job.identifier();
        maxAttempts = job.maxAttempts();
        runAt = newRunAt;
        priority = job.priority();
        flags = job.flags();
    }

    /** The generated column {@code is_available}: a lock counts here however old it is. */
    boolean isAvailable() {
        return lockedAt == null && attempts < maxAttempts;
    }

    /** Locked by a worker still presumed alive: a lock taken before {@code staleBefore} no longer counts. */
    boolean isLocked(Instant staleBefore) {
        return lockedAt != null && !lockedAt.isBefore(staleBefore);
    }

    boolean isLockedBy(String workerId) {
        return workerId.equals(lockedBy);
    }

    void lockTo(String workerId, Instant now) {
        lockedBy = workerId;
        lockedAt = now;
    }

    void unlock() {
        lockedBy = null;
        lockedAt = null;
    }

    /** A snapshot: later changes to this row, or to the returned payload, do not reach each other. */
    JobRow toRow() {
        return new JobRow(id, queueName, taskIdentifier, payload.deepCopy(), priority, runAt, attempts, maxAttempts,
                lastError, key, revision, flags, createdAt, updatedAt, lockedAt, lockedBy);
    }
}
