package dev.graphileworker.domain.worker;

import dev.graphileworker.api.events.WorkerEventType;
import dev.graphileworker.domain.JobCompletion;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.port.JobStore;
import dev.graphileworker.domain.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes finished jobs' outcomes to the store, one statement for the completions and one for the
 * failures, retrying while the database is unreachable, so that a finished job is not left locked by
 * a passing outage.
 */
final class ResultWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
    /** While stopping, give up after about this long: the lock timeout frees the jobs later. */
    private static final Duration PATIENCE_WHEN_STOPPING = Duration.ofSeconds(30);

    private final String workerId;
    private final JobStore store;
    private final BooleanSupplier stopping;
    private final WorkerEvents events;
    private final Clock clock;
    private final Sleeper sleeper;
    private final OutageLog outage = new OutageLog(LOG, "record job results");

    /**
     * @param workerId whose results these are
     * @param store where they are written
     * @param stopping whether the worker is stopping, when its patience with an outage runs out
     * @param events told of every batch written
     * @param clock measures the patience of a stopping worker
     * @param sleeper waits between retries; never woken early
     */
    ResultWriter(String workerId, JobStore store, BooleanSupplier stopping, WorkerEvents events, Clock clock,
            Sleeper sleeper) {
        this.workerId = workerId;
        this.store = store;
        this.stopping = stopping;
        this.events = events;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Writes the outcomes, retrying until it works, or until the worker has been stopping for a while. */
    void write(List<JobOutcome> outcomes) {
        Pending pending = new Pending(outcomes);
        Duration wait = FIRST_RETRY;
        Instant giveUpAt = null;
        while (!pending.tryWrite()) {
            if (stopping.getAsBoolean() && giveUpAt == null) {
                giveUpAt = clock.instant().plus(PATIENCE_WHEN_STOPPING);
            }
            if (giveUpAt != null && clock.instant().isAfter(giveUpAt)) {
                LOG.error("Gave up recording the results of jobs {} while stopping; they stay locked by {} until "
                        + "the lock timeout or force_unlock_workers frees them", pending.jobIds(), workerId);
                return;
            }
            if (!pause(wait)) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
        }
    }

    /** Makes one attempt to write the outcomes, as a worker does that is terminated. */
    void writeOnce(List<JobOutcome> outcomes) {
        Pending pending = new Pending(outcomes);
        if (!pending.tryWrite()) {
            LOG.error("Could not record the results of jobs {}; they stay locked by {} until the lock timeout or "
                    + "force_unlock_workers frees them", pending.jobIds(), workerId);
        }
    }

    private boolean pause(Duration wait) {
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("Interrupted while retrying to record job results");
            return false;
        }
    }

    /** The statements still to run for one batch; a retry repeats only the one that failed. */
    private final class Pending {
        private List<JobCompletion> completed;
        private List<JobFailure> failed;

        Pending(List<JobOutcome> outcomes) {
            this.completed = outcomes.stream().filter(JobOutcome::succeeded).map(JobOutcome::completion).toList();
            this.failed = outcomes.stream().filter(o -> !o.succeeded()).map(JobOutcome::failureWithRunTime).toList();
        }

        boolean tryWrite() {
            // A measurement, not a decision: monotonic time, not the clock.
            long started = System.nanoTime();
            int count = completed.size() + failed.size();
            try {
                if (!completed.isEmpty()) {
                    store.completeJobsWithRunTimes(workerId, completed);
                    completed = List.of();
                }
                if (!failed.isEmpty()) {
                    store.failJobs(workerId, failed);
                    failed = List.of();
                }
                outage.succeeded();
                events.emit(WorkerEventType.WORKER_SETTLE, Map.of("count", count,
                        "durationMillis", (System.nanoTime() - started) / 1_000_000));
                return true;
            } catch (RuntimeException e) {
                outage.failed(e);
                return false;
            }
        }

        List<Long> jobIds() {
            return Stream.concat(completed.stream().map(JobCompletion::jobId), failed.stream().map(JobFailure::jobId))
                    .toList();
        }
    }
}
