package dev.graphileworker.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * A job whose handler succeeded, with how long it ran as the worker measured it (kept in the history
 * of finished jobs, when there is one).
 *
 * @param jobId the job
 * @param runTime how long its last attempt ran
 */
public record JobCompletion(long jobId, Duration runTime) {

    /** Checks that the run time is present. */
    public JobCompletion {
        Objects.requireNonNull(runTime, "runTime");
    }
}
