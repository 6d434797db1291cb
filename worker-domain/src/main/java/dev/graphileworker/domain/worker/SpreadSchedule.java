package dev.graphileworker.domain.worker;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Housekeeping rounds at random moments within a window, so that many workers started together do
 * not all sweep or prune at the same moment.
 */
final class SpreadSchedule {

    private SpreadSchedule() {
    }

    /**
     * Runs {@code task} once, after a random delay from {@code shortest} to {@code longest}; nothing
     * when the scheduler is stopping (the worker is, and wants no more rounds).
     */
    static void runBetween(ScheduledExecutorService scheduler, Runnable task, Duration shortest, Duration longest) {
        long delay = ThreadLocalRandom.current().nextLong(shortest.toMillis(), longest.toMillis() + 1);
        try {
            scheduler.schedule(task, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The worker is stopping; no more rounds.
        }
    }
}
