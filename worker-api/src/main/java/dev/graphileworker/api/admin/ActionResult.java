package dev.graphileworker.api.admin;

import java.util.List;
import java.util.Objects;

/**
 * What an action did: the jobs it changed, those it refused to change and why, and the ids given that
 * matched no job.
 *
 * @param changed the ids of the jobs changed
 * @param refused the jobs left as they were, each with the reason
 * @param missing ids given that no job has (removed meanwhile, or never existed)
 * @since 0.1.0
 */
public record ActionResult(List<Long> changed, List<Refusal> refused, List<Long> missing) {

    /** Copies the lists. */
    public ActionResult {
        changed = List.copyOf(changed);
        refused = List.copyOf(refused);
        missing = List.copyOf(missing);
    }

    /**
     * A job an action left alone.
     *
     * @param jobId the job
     * @param reason why, for example that a worker holds it and the action was not forced
     * @since 0.1.0
     */
    public record Refusal(long jobId, String reason) {
        /** Checks that the reason is present. */
        public Refusal {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
