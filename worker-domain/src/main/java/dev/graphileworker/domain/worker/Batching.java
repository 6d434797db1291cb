package dev.graphileworker.domain.worker;

import dev.graphileworker.api.WorkerOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How the worker saves round trips: jobs claimed ahead of free slots wait in a local queue, and the
 * results of finished jobs are written in batches. {@link WorkerOptions} explains what each setting
 * trades, and holds the defaults.
 *
 * @param localQueueSize the most jobs claimed ahead of free slots; 0 for none
 * @param localQueueTtl how long a job claimed ahead may wait before it is given back
 * @param claimAheadHorizon the worker claims ahead as many jobs as its runners would finish in about
 *     this long at the run times of its recent jobs ({@code Pace}), up to {@code localQueueSize};
 *     {@code null} to keep the local queue full whatever the pace
 * @param completionBatchSize the most results written in one statement; 1 to write each on its own
 * @param completionBatchDelay how long a result may wait for others while more jobs are running
 */
public record Batching(int localQueueSize, Duration localQueueTtl, Duration claimAheadHorizon,
        int completionBatchSize, Duration completionBatchDelay) {

    /**
     * Claims under way at once, when claiming ahead: a second claim starts only for idle runners that
     * the first will not feed, so that they need not wait for a whole round trip.
     */
    public static final int CLAIM_STREAMS = 2;

    /**
     * Long enough that a worker sharing the queue with others still claims by the hundred (with 25 ms,
     * four workers on 200,000 quick jobs made claims of fifty, each walking the index past every job
     * finished since the last vacuum), short enough that slow jobs are hardly claimed ahead.
     */
    public static final Duration PACE_HORIZON = Duration.ofMillis(100);

    /** Checks the settings; the API's option builder has already explained bad values to the user. */
    public Batching {
        Objects.requireNonNull(localQueueTtl, "localQueueTtl");
        Objects.requireNonNull(completionBatchDelay, "completionBatchDelay");
        if (localQueueSize < 0 || completionBatchSize < 1 || localQueueTtl.isNegative() || localQueueTtl.isZero()
                || completionBatchDelay.isNegative()
                || (claimAheadHorizon != null && (claimAheadHorizon.isNegative() || claimAheadHorizon.isZero()))) {
            throw new IllegalArgumentException("Invalid batching settings: localQueueSize " + localQueueSize
                    + ", localQueueTtl " + localQueueTtl + ", claimAheadHorizon " + claimAheadHorizon
                    + ", completionBatchSize " + completionBatchSize + ", completionBatchDelay " + completionBatchDelay);
        }
    }

    /**
     * Batching that claims ahead at the worker's pace ({@link #PACE_HORIZON}).
     *
     * @param localQueueSize the most jobs claimed ahead; 0 for none
     * @param localQueueTtl how long a job claimed ahead may wait
     * @param completionBatchSize the most results per statement
     * @param completionBatchDelay how long a result may wait for others
     * @return the settings
     */
    public static Batching paced(int localQueueSize, Duration localQueueTtl, int completionBatchSize,
            Duration completionBatchDelay) {
        return new Batching(localQueueSize, localQueueTtl, PACE_HORIZON, completionBatchSize, completionBatchDelay);
    }

    /** @return the defaults of {@link WorkerOptions}, claiming ahead at the worker's pace */
    public static Batching defaults() {
        return paced(WorkerOptions.DEFAULT_LOCAL_QUEUE_SIZE, WorkerOptions.DEFAULT_LOCAL_QUEUE_TTL,
                WorkerOptions.DEFAULT_COMPLETION_BATCH_SIZE, WorkerOptions.DEFAULT_COMPLETION_BATCH_DELAY);
    }

    /** @return no claiming ahead, and each result written on its own by the job's thread */
    public static Batching off() {
        return paced(0, WorkerOptions.DEFAULT_LOCAL_QUEUE_TTL, 1, Duration.ZERO);
    }

    /** @return how many claims may be under way at once: {@link #CLAIM_STREAMS} when claiming ahead, else 1 */
    public int claimStreams() {
        return localQueueSize > 0 ? CLAIM_STREAMS : 1;
    }
}
