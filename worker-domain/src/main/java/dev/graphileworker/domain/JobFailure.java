package dev.graphileworker.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The failure of one attempt of a job, as recorded: the message becomes {@code last_error}, and the
 * job waits {@code retryDelay} (from {@code greatest(now(), run_at)}) before it may run again. A batch
 * job that failed in part also replaces its payload, so that the retry runs only the failed elements.
 *
 * @param replacementPayload the payload the job keeps from now on; empty to keep its payload as it is
 * @param runTime how long the failed attempt ran, as the worker measured it (zero when unknown); kept
 *     in the history of finished jobs when this was the job's last attempt
 */
public record JobFailure(long jobId, String message, Duration retryDelay, Optional<JsonNode> replacementPayload,
        Duration runTime) {

    /** Checks that the message, delay and run time are present. */
    public JobFailure {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(replacementPayload, "replacementPayload");
        Objects.requireNonNull(runTime, "runTime");
    }

    /** A failure whose run time is not known. */
    public JobFailure(long jobId, String message, Duration retryDelay, Optional<JsonNode> replacementPayload) {
        this(jobId, message, retryDelay, replacementPayload, Duration.ZERO);
    }

    /** A failure that leaves the job's payload as it is, whose run time is not known. */
    public JobFailure(long jobId, String message, Duration retryDelay) {
        this(jobId, message, retryDelay, Optional.empty());
    }

    /**
     * @param measured how long the attempt ran
     * @return this failure with that run time
     */
    public JobFailure withRunTime(Duration measured) {
        return new JobFailure(jobId, message, retryDelay, replacementPayload, measured);
    }
}
