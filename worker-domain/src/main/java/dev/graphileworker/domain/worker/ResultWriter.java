package dev.graphileworker.domain.worker;

import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.port.JobStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a finished job's outcome to the store, retrying while the database is unreachable, so a
 * finished job is not left locked by a passing outage.
 */
final class ResultWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
    /** While stopping, give up after about this long: the lock timeout frees the job later. */
    private static final Duration PATIENCE_WHEN_STOPPING = Duration.ofSeconds(30);

    private final String workerId;
    private final JobStore store;
    private final BooleanSupplier stopping;
    private final OutageLog outage = new OutageLog(LOG, "record job results");

    ResultWriter(String workerId, JobStore store, BooleanSupplier stopping) {
        this.workerId = workerId;
        this.store = store;
        this.stopping = stopping;
    }

    void write(JobRow job, Optional<JobFailure> failure) {
        Duration wait = FIRST_RETRY;
        long giveUpAt = Long.MAX_VALUE;
        while (true) {
            try {
                if (failure.isPresent()) {
                    store.failJobs(workerId, List.of(failure.get()));
                } else {
                    store.completeJobs(workerId, List.of(job.id()));
                }
                outage.succeeded();
                return;
            } catch (RuntimeException e) {
                outage.failed(e);
            }
            if (stopping.getAsBoolean() && giveUpAt == Long.MAX_VALUE) {
                giveUpAt = System.nanoTime() + PATIENCE_WHEN_STOPPING.toNanos();
            }
            if (System.nanoTime() > giveUpAt) {
                LOG.error("Gave up recording the result of job {} while stopping; it stays locked by {} until "
                        + "the lock timeout or force_unlock_workers frees it", job.id(), workerId);
                return;
            }
            if (!pause(wait)) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
        }
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("Interrupted while retrying to record a job result");
            return false;
        }
    }
}
