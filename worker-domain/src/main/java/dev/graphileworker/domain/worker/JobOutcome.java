package dev.graphileworker.domain.worker;

import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import java.util.Objects;

/**
 * A finished job and how its attempt ended.
 *
 * @param job the job as claimed
 * @param failure the failure to record, or {@code null} when the handler succeeded
 */
record JobOutcome(JobRow job, JobFailure failure) {

    JobOutcome {
        Objects.requireNonNull(job, "job");
    }

    boolean succeeded() {
        return failure == null;
    }
}
