package dev.graphileworker.domain.worker;

import dev.graphileworker.api.events.WorkerEventType;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.port.JobStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodically frees jobs and queues locked longer than the lock timeout, whose worker is presumed
 * dead, so their jobs run again. Runs soon after start, then every 8 to 10 minutes; the random
 * spread keeps many workers from sweeping at the same moment.
 */
final class LockSweeper implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(LockSweeper.class);
    private static final Duration FIRST_SWEEP_WITHIN = Duration.ofSeconds(60);
    private static final Duration SHORTEST_PERIOD = Duration.ofMinutes(8);
    private static final Duration LONGEST_PERIOD = Duration.ofMinutes(10);

    private final JobStore store;
    private final ScheduledExecutorService scheduler;
    private final WorkerEvents events;

    LockSweeper(JobStore store, ScheduledExecutorService scheduler, WorkerEvents events) {
        this.store = store;
        this.scheduler = scheduler;
        this.events = events;
    }

    void start() {
        SpreadSchedule.runBetween(scheduler, this, Duration.ZERO, FIRST_SWEEP_WITHIN);
    }

    @Override
    public void run() {
        events.emit(WorkerEventType.RESET_LOCKED_STARTED);
        try {
            int released = store.releaseStaleLocks();
            events.emit(WorkerEventType.RESET_LOCKED_SUCCESS, Map.of("count", released));
            if (released > 0) {
                LOG.warn("Freed {} jobs locked longer than the lock timeout; their workers are presumed dead",
                        released);
            }
        } catch (RuntimeException e) {
            events.emit(WorkerEventType.RESET_LOCKED_FAILURE, null, e, Map.of());
            LOG.warn("Could not free stale locks: {}; trying again at the next sweep", e.getMessage());
        }
        SpreadSchedule.runBetween(scheduler, this, SHORTEST_PERIOD, LONGEST_PERIOD);
    }
}
