package dev.graphileworker.api.admin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A named queue: its jobs run one at a time.
 *
 * @param name the queue's name
 * @param jobsWaiting how many of its jobs are not locked and have attempts left
 * @param lockedBy the worker running its current job, if one is
 * @param lockedAt since when
 * @since 0.1.0
 */
public record QueueView(String name, long jobsWaiting, Optional<String> lockedBy, Optional<Instant> lockedAt) {

    /** Checks that every part is present. */
    public QueueView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lockedBy, "lockedBy");
        Objects.requireNonNull(lockedAt, "lockedAt");
    }
}
