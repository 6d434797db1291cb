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
 */
public record JobFailure(long jobId, String message, Duration retryDelay, Optional<JsonNode> replacementPayload) {

    /** Checks that the message and delay are present. */
    public JobFailure {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(replacementPayload, "replacementPayload");
    }

    /** A failure that leaves the job's payload as it is. */
    public JobFailure(long jobId, String message, Duration retryDelay) {
        this(jobId, message, retryDelay, Optional.empty());
    }
}
