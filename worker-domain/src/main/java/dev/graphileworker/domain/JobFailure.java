package dev.graphileworker.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The failure of one attempt of a job, as recorded: the message becomes {@code last_error}, and the
 * job waits {@code retryDelay} (from {@code greatest(now(), run_at)}) before it may run again.
 */
public record JobFailure(long jobId, String message, Duration retryDelay) {

    /** Checks that the message and delay are present. */
    public JobFailure {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(retryDelay, "retryDelay");
    }
}
