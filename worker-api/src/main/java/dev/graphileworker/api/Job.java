package dev.graphileworker.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one job, as stored in the {@code _private_jobs} table.
 *
 * <p>Instances are immutable snapshots: they do not change when the stored job does. Optional
 * columns are returned as {@link Optional}; nothing returns {@code null}.
 *
 * @since 0.1.0
 */
public interface Job {

    /** @return the job's id, unique in its schema */
    long id();

    /** @return the named queue the job runs in (one job at a time), or empty when it runs in parallel */
    Optional<String> queueName();

    /** @return the task identifier that selects the {@link TaskHandler} */
    String taskIdentifier();

    /** @return the JSON payload, {@code {}} when none was given */
    JsonNode payload();

    /** @return the priority; lower numbers run first, the default is 0 */
    int priority();

    /** @return the earliest time the job may run */
    Instant runAt();

    /** @return how many times the job has been claimed to run, this run included while it runs */
    int attempts();

    /** @return how many attempts the job gets before it fails permanently */
    int maxAttempts();

    /** @return the message of the last failure, if it failed before */
    Optional<String> lastError();

    /** @return the job key that de-duplicates jobs, if one was given */
    Optional<String> key();

    /** @return how many times the job was replaced or de-duplicated through its key */
    int revision();

    /** @return the job's flags (workers may refuse jobs carrying certain flags) */
    Set<String> flags();

    /** @return when the job was created */
    Instant createdAt();

    /** @return when the job was last changed */
    Instant updatedAt();

    /** @return when a worker locked the job, if one holds it */
    Optional<Instant> lockedAt();

    /** @return the id of the worker that holds the job, if any */
    Optional<String> lockedBy();

    /** @return {@code true} when the job has used all its attempts and will not run again */
    default boolean isPermanentlyFailed() {
        return attempts() >= maxAttempts();
    }
}
