package dev.graphileworker.api.admin;

import dev.graphileworker.api.Job;
import java.util.Objects;

/**
 * A job with every stored column, and its state when it was read.
 *
 * @param job the job
 * @param state where it stood
 * @since 0.1.0
 */
public record JobView(Job job, JobState state) {

    /** Checks that both parts are present. */
    public JobView {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(state, "state");
    }
}
