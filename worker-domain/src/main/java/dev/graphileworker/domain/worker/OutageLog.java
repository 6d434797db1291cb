package dev.graphileworker.domain.worker;

import org.slf4j.Logger;

/**
 * Logs a repeating failure (the database is down) once when it starts and once when it ends,
 * instead of a stack trace on every poll.
 */
public final class OutageLog {

    private final Logger log;
    private final String activity;
    private int failures;

    /**
     * @param log where to log
     * @param activity what failed, completing "Could not ...", such as {@code claim jobs}
     */
    public OutageLog(Logger log, String activity) {
        this.log = log;
        this.activity = activity;
    }

    /** Records a failed attempt; only the first of a series is logged above debug. */
    public synchronized void failed(RuntimeException e) {
        if (failures++ == 0) {
            log.warn("Could not {}: {}; retrying until it works", activity, e.getMessage(), e);
        } else {
            log.debug("Could not {} (failure {}): {}", activity, failures, e.getMessage());
        }
    }

    /** Records a successful attempt, ending a series of failures if there was one. */
    public synchronized void succeeded() {
        if (failures > 0) {
            log.info("Could {} again after {} failed attempts", activity, failures);
            failures = 0;
        }
    }
}
