package dev.graphileworker.api.admin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of a listing.
 *
 * @param jobs the jobs, in the requested order
 * @param nextCursor where the next page starts ({@link PageRequest#after(String)}); empty on the last page
 * @since 0.1.0
 */
public record JobPage(List<JobView> jobs, Optional<String> nextCursor) {

    /** Copies the jobs. */
    public JobPage {
        jobs = List.copyOf(jobs);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
