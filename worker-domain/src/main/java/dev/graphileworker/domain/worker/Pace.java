package dev.graphileworker.domain.worker;

import java.time.Duration;
import java.util.Arrays;

/**
 * Tells how many jobs the worker's runners, all busy, would likely finish within a horizon (or any other
 * span), from how long the jobs finished in the last four horizons ran: {@code concurrency × span / mean
 * run time}.
 * Not thread-safe.
 *
 * <p>Why run times rather than the count of jobs finished: a worker can only finish the jobs it
 * claimed, so a count starts at nothing and grows only as fast as claims let it. Four workers
 * starting on a backlog of quick jobs each made about twenty claims in their first second, growing
 * from 24 jobs to 512, where one claim of 512 would have done; every claim walks the index past the
 * jobs finished since the last vacuum, whatever its size. Run times tell at the first finished job
 * what the runners can take. Slow jobs are still hardly claimed ahead: 24 runners of one-second jobs
 * expect two or three within 100 ms.
 */
final class Pace {

    private static final int HORIZONS = 4;

    private final long horizonMillis;
    private final int concurrency;
    private final long[] horizonNumbers = new long[HORIZONS];
    private final int[] finished = new int[HORIZONS];
    private final long[] ranNanos = new long[HORIZONS];

    /**
     * @param horizon how far ahead to expect jobs
     * @param concurrency how many jobs the worker runs at once
     */
    Pace(Duration horizon, int concurrency) {
        this.horizonMillis = Math.max(1, horizon.toMillis());
        this.concurrency = concurrency;
        Arrays.fill(horizonNumbers, Long.MIN_VALUE);
    }

    /**
     * @param nowMillis when the job finished, by the worker's clock
     * @param ran how long it ran, as its runner measured it
     */
    void jobFinished(long nowMillis, Duration ran) {
        long number = nowMillis / horizonMillis;
        int slot = (int) Math.floorMod(number, (long) HORIZONS);
        if (horizonNumbers[slot] != number) {
            horizonNumbers[slot] = number;
            finished[slot] = 0;
            ranNanos[slot] = 0;
        }
        finished[slot]++;
        ranNanos[slot] += Math.max(0, ran.toNanos());
    }

    /** @return the jobs expected within a horizon; 0 before any finished, and at most Integer.MAX_VALUE */
    int expectedWithinHorizon(long nowMillis) {
        return expectedWithin(nowMillis, horizonMillis * 1_000_000);
    }

    /**
     * @param nowMillis now, by the worker's clock
     * @param span how far ahead
     * @return the jobs expected within {@code span}, from the run times of the last four horizons; 0
     *     before any finished, and at most Integer.MAX_VALUE
     */
    int expectedWithin(long nowMillis, Duration span) {
        return expectedWithin(nowMillis, Math.max(0, span.toNanos()));
    }

    private int expectedWithin(long nowMillis, long spanNanos) {
        long current = nowMillis / horizonMillis;
        long count = 0;
        long ran = 0;
        for (int slot = 0; slot < HORIZONS; slot++) {
            if (horizonNumbers[slot] > current - HORIZONS) {
                count += finished[slot];
                ran += ranNanos[slot];
            }
        }
        if (count == 0) {
            return 0;
        }
        if (ran == 0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.min(Integer.MAX_VALUE, (double) concurrency * spanNanos * count / ran);
    }
}
