package dev.graphileworker.domain.worker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphileworker.domain.JobRow;
import java.time.Instant;
import java.util.Set;

/** Jobs as a claim returns them, for tests of the worker loop: task {@code task}, locked by {@code worker}. */
final class ClaimedJobs {

    private ClaimedJobs() {
    }

    /**
     * @param id the job's id
     * @param priority its priority
     * @param at its run time, and when it was created, updated and locked
     * @return the job, on its first attempt of 25
     */
    static JobRow job(long id, int priority, Instant at) {
        return new JobRow(id, null, "task", JsonNodeFactory.instance.objectNode(), priority, at, 1, 25, null, null, 0,
                Set.of(), at, at, at, "worker");
    }
}
