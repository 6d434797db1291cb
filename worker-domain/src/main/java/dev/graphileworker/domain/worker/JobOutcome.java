package dev.graphileworker.domain.worker;

import dev.graphileworker.domain.JobCompletion;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import java.time.Duration;
import java.util.Objects;

/**
 * A finished job and how its attempt ended.
 *
 * @param job the job as claimed
 * @param failure the failure to record, or {@code null} when the handler succeeded
 * @param runTime how long the attempt ran, by the monotonic clock
 */
record JobOutcome(JobRow job, JobFailure failure, Duration runTime) {

    JobOutcome {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(runTime, "runTime");
    }

    /** An outcome whose run time was not measured. */
    JobOutcome(JobRow job, JobFailure failure) {
        this(job, failure, Duration.ZERO);
    }

    boolean succeeded() {
        return failure == null;
    }

    /** @return the completion to record; only for an outcome that {@link #succeeded()} */
    JobCompletion completion() {
        return new JobCompletion(job.id(), runTime);
    }

    /** @return the failure to record, with the run time; only for an outcome that did not succeed */
    JobFailure failureWithRunTime() {
        return failure.withRunTime(runTime);
    }
}
