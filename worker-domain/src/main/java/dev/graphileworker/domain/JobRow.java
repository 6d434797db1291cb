package dev.graphileworker.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.Job;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A job as the domain holds it: one row of {@code _private_jobs} with its task identifier and queue
 * name resolved. Immutable; nullable columns are {@code null} here and {@link Optional} through {@link Job}.
 * The payload is parsed when first asked for ({@link StoredPayload}).
 */
public record JobRow(
        long id,
        String queue,
        String taskIdentifier,
        StoredPayload storedPayload,
        int priority,
        Instant runAt,
        int attempts,
        int maxAttempts,
        String error,
        String jobKey,
        int revision,
        Set<String> flags,
        Instant createdAt,
        Instant updatedAt,
        Instant locked,
        String locker) implements Job {

    /** Checks the columns that are never null. */
    public JobRow {
        Objects.requireNonNull(taskIdentifier, "taskIdentifier");
        Objects.requireNonNull(storedPayload, "storedPayload");
        Objects.requireNonNull(runAt, "runAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        flags = flags == null ? Set.of() : Set.copyOf(flags);
    }

    /** A job whose payload is already parsed. */
    public JobRow(long id, String queue, String taskIdentifier, JsonNode payload, int priority, Instant runAt,
            int attempts, int maxAttempts, String error, String jobKey, int revision, Set<String> flags,
            Instant createdAt, Instant updatedAt, Instant locked, String locker) {
        this(id, queue, taskIdentifier, StoredPayload.of(payload), priority, runAt, attempts, maxAttempts, error,
                jobKey, revision, flags, createdAt, updatedAt, locked, locker);
    }

    @Override
    public JsonNode payload() {
        return storedPayload.json();
    }

    @Override
    public Optional<String> queueName() {
        return Optional.ofNullable(queue);
    }

    @Override
    public Optional<String> lastError() {
        return Optional.ofNullable(error);
    }

    @Override
    public Optional<String> key() {
        return Optional.ofNullable(jobKey);
    }

    @Override
    public Optional<Instant> lockedAt() {
        return Optional.ofNullable(locked);
    }

    @Override
    public Optional<String> lockedBy() {
        return Optional.ofNullable(locker);
    }
}
