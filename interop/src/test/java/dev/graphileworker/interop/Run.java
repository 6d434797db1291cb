package dev.graphileworker.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Set;

/**
 * One run of a task, as recorded in {@code interop_runs} by the runtime that ran it: the job as the
 * task saw it, and when the task started and finished by the database's clock. Nullable: queueName,
 * jobKey, lastError, finishedAt (a run that has not finished).
 */
record Run(long jobId, String runtime, String taskIdentifier, String queueName, JsonNode payload,
        String jobKey, int priority, Instant runAt, int attempts, int maxAttempts, String lastError,
        Set<String> flags, Instant startedAt, Instant finishedAt) {
}
