package dev.graphileworker.spring.internal;

import dev.graphileworker.spring.GraphileWorkerLifecycle;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The worker in {@code /actuator/health}: up while it runs, listens for new jobs and its last claim
 * succeeded; down otherwise, with the reason. An application that only adds jobs (no task beans) is
 * up with {@code worker: none}.
 */
public final class WorkerHealthIndicator implements HealthIndicator {

    private final GraphileWorkerLifecycle lifecycle;
    private final WorkerHealthTracker tracker;

    /**
     * @param lifecycle whether the worker runs, and its id
     * @param tracker what its events showed
     */
    public WorkerHealthIndicator(GraphileWorkerLifecycle lifecycle, WorkerHealthTracker tracker) {
        this.lifecycle = lifecycle;
        this.tracker = tracker;
    }

    @Override
    public Health health() {
        if (!lifecycle.isRunning()) {
            return Health.down().withDetail("running", false).build();
        }
        if (lifecycle.workerId().isEmpty()) {
            return Health.up().withDetail("worker", "none (no WorkerTask beans)").build();
        }
        WorkerHealthTracker.Snapshot snapshot = tracker.snapshot();
        Health.Builder health = snapshot.healthy() ? Health.up() : Health.down();
        health.withDetail("running", true)
                .withDetail("workerId", lifecycle.workerId().get())
                .withDetail("listening", snapshot.listening());
        snapshot.listenError().ifPresent(error -> health.withDetail("listenError", error));
        snapshot.lastClaimAt().ifPresent(at -> health.withDetail("lastClaimAt", at.toString()));
        snapshot.lastClaimError().ifPresent(error -> health.withDetail("lastClaimError", error));
        return health.build();
    }
}
