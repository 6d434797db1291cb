package dev.graphileworker.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * graphile-worker's lock timeout: a job or queue locked longer ago than this counts as unlocked,
 * because the worker that locked it is presumed dead.
 */
public final class LockTimeout {

    /** Four hours, as in graphile-worker. */
    public static final Duration DURATION = Duration.ofHours(4);

    private LockTimeout() {
    }

    /**
     * @param now the current time
     * @return the instant before which locks are stale
     */
    public static Instant staleBefore(Instant now) {
        return now.minus(DURATION);
    }
}
