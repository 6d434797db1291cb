package dev.graphileworker.domain.worker;

import dev.graphileworker.domain.port.JobHistory;
import dev.graphileworker.domain.time.Sleeper;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Part of the worker's housekeeping when a history of finished jobs is kept: deletes the entries older
 * than its retention in bounded batches ({@link #BATCH_SIZE} per statement, repeated while a statement
 * deletes a full batch, with a short pause between, at most {@link #MAX_BATCHES_PER_ROUND} per round),
 * so that no statement holds many row locks or runs long. A round runs within a few minutes of start,
 * then every 4 to 6 minutes; the random spread keeps many workers from pruning at the same moment, and
 * workers pruning at once only share the work.
 */
final class HistoryPruner implements Runnable {

    /** The most entries deleted by one statement. */
    static final int BATCH_SIZE = 1000;
    /** The most statements of one round; what is left waits for the next round. */
    static final int MAX_BATCHES_PER_ROUND = 100;
    /** Between two full batches: leaves room to the database's other work. */
    static final Duration PAUSE = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(HistoryPruner.class);
    private static final Duration FIRST_ROUND_WITHIN = Duration.ofMinutes(3);
    private static final Duration SHORTEST_PERIOD = Duration.ofMinutes(4);
    private static final Duration LONGEST_PERIOD = Duration.ofMinutes(6);

    private final JobHistory history;
    private final ScheduledExecutorService scheduler;
    private final Sleeper sleeper;

    HistoryPruner(JobHistory history, ScheduledExecutorService scheduler, Sleeper sleeper) {
        this.history = history;
        this.scheduler = scheduler;
        this.sleeper = sleeper;
    }

    void start() {
        SpreadSchedule.runBetween(scheduler, this, Duration.ofSeconds(10), FIRST_ROUND_WITHIN);
    }

    @Override
    public void run() {
        try {
            int pruned = pruneRound();
            if (pruned > 0) {
                LOG.debug("Pruned {} entries of the job history", pruned);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not prune the job history: {}; trying again at the next round", e.getMessage());
        } catch (InterruptedException e) {
            // The worker is stopping.
            Thread.currentThread().interrupt();
            return;
        }
        SpreadSchedule.runBetween(scheduler, this, SHORTEST_PERIOD, LONGEST_PERIOD);
    }

    /**
     * One round: full batches until one is not full, the round's limit is reached, or the worker stops.
     *
     * @return how many entries were deleted
     * @throws InterruptedException when the worker stops during a pause
     */
    int pruneRound() throws InterruptedException {
        int total = 0;
        for (int batch = 1; batch <= MAX_BATCHES_PER_ROUND; batch++) {
            int deleted = history.pruneExpired(BATCH_SIZE);
            total += deleted;
            if (deleted < BATCH_SIZE || batch == MAX_BATCHES_PER_ROUND) {
                break;
            }
            sleeper.sleep(PAUSE);
        }
        return total;
    }
}
