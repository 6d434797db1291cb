package dev.graphileworker.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A named queue: its jobs run one at a time, in order, because claiming a job locks its queue to the
 * claiming worker until the job is settled. Immutable.
 */
public record Queue(String name, Instant lockedAt, String lockedBy) {

    /** Checks the name. */
    public Queue {
        Objects.requireNonNull(name, "name");
    }

    /**
     * @param name the queue name
     * @return an unlocked queue
     */
    public static Queue unlocked(String name) {
        return new Queue(name, null, null);
    }

    /**
     * @param lockTimeoutStart locks taken before this instant are stale (their worker is presumed dead)
     * @return whether a worker may take a job of this queue
     */
    public boolean isAvailable(Instant lockTimeoutStart) {
        return lockedAt == null || lockedAt.isBefore(lockTimeoutStart);
    }

    /**
     * @param workerId the claiming worker
     * @param now the time of the claim
     * @return this queue locked to the worker
     */
    public Queue lockedTo(String workerId, Instant now) {
        return new Queue(name, now, workerId);
    }
}
