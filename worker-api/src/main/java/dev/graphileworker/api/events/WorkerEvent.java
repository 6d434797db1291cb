package dev.graphileworker.api.events;

import dev.graphileworker.api.Job;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened in a worker, as delivered to {@link WorkerEventListener}s.
 *
 * @param type what happened
 * @param at when it happened
 * @param workerId the worker it happened in
 * @param job the job it concerns, for {@code job:*} events
 * @param error what went wrong, for error and failure events
 * @param details further facts, by name: for example {@code durationMillis} of {@code job:complete},
 *     {@code count} of {@code resetLocked:success}, {@code timestamp} of {@code cron:schedule}
 * @since 0.1.0
 */
public record WorkerEvent(WorkerEventType type, Instant at, String workerId, Optional<Job> job,
        Optional<Throwable> error, Map<String, Object> details) {

    /** Checks that every part is present (empty, not null, when absent). */
    public WorkerEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(error, "error");
        details = Map.copyOf(details);
    }
}
