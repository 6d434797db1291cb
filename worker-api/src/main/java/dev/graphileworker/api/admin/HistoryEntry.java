package dev.graphileworker.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished job, as a worker of this library recorded it when history is kept
 * ({@code WorkerOptions.keepHistory}). Jobs finished by Node.js workers are not recorded.
 *
 * @param entryId the entry's own id, in the order entries were recorded
 * @param jobId the job's id (ids may be reused only if the queue's schema is reinstalled)
 * @param taskIdentifier its task
 * @param queueName its named queue, if any
 * @param key its job key, if any
 * @param payload its payload as it last ran
 * @param attempts the attempts it took, the last one included
 * @param outcome how it ended
 * @param lastError the error of its last attempt, when it failed for good
 * @param workerId the worker that ran the last attempt
 * @param finishedAt when the last attempt ended
 * @param runTime how long the last attempt ran
 * @since 0.1.0
 */
public record HistoryEntry(long entryId, long jobId, String taskIdentifier, Optional<String> queueName,
        Optional<String> key, JsonNode payload, int attempts, Outcome outcome, Optional<String> lastError,
        String workerId, Instant finishedAt, Duration runTime) {

    /**
     * How a job ended.
     *
     * @since 0.1.0
     */
    public enum Outcome {
        /** Its task returned normally; the job was deleted from the queue. */
        COMPLETED,
        /** Its last attempt failed; the job stays in the queue, permanently failed. */
        PERMANENTLY_FAILED
    }

    /** Checks that every part is present. */
    public HistoryEntry {
        Objects.requireNonNull(taskIdentifier, "taskIdentifier");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(runTime, "runTime");
    }
}
