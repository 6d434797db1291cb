package dev.graphileworker.api.admin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A worker that holds locks: on jobs, on named queues, or both.
 *
 * @param workerId its id, as in {@code locked_by}
 * @param jobIds the jobs it holds
 * @param queueNames the named queues it holds
 * @param sessionAlive for a worker of this library started with dead-worker recovery (ids
 *     {@code worker-java-...}), whether its database session is alive; empty for other workers (Node.js
 *     graphile-worker's among them), whose liveness the database does not show
 * @since 0.1.0
 */
public record WorkerView(String workerId, List<Long> jobIds, List<String> queueNames, Optional<Boolean> sessionAlive) {

    /** Copies the lists. */
    public WorkerView {
        Objects.requireNonNull(workerId, "workerId");
        jobIds = List.copyOf(jobIds);
        queueNames = List.copyOf(queueNames);
        Objects.requireNonNull(sessionAlive, "sessionAlive");
    }
}
