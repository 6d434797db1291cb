package dev.graphileworker.domain.worker;

import org.slf4j.Logger;

/**
 * Logs a repeating failure (the database is down) once when it starts and once when it ends,
 * instead of a stack trace on every poll.
 */
final class OutageLog {

    private final Logger log;
    private final String activity;
    private int failures;

    OutageLog(Logger log, String activity) {
        this.log = log;
        this.activity = activity;
    }

    synchronized void failed(RuntimeException e) {
        if (failures++ == 0) {
            log.warn("Could not {}: {}; retrying until it works", activity, e.getMessage(), e);
        } else {
            log.debug("Could not {} (failure {}): {}", activity, failures, e.getMessage());
        }
    }

    synchronized void succeeded() {
        if (failures > 0) {
            log.info("Could {} again after {} failed attempts", activity, failures);
            failures = 0;
        }
    }
}
