package dev.graphileworker.domain.worker;

import java.time.Duration;
import java.util.Arrays;

/**
 * Counts the jobs finished lately, to tell how many the worker will likely start within a horizon:
 * the average count per horizon over the last four. Not thread-safe.
 */
final class Pace {

    private static final int HORIZONS = 4;

    private final long horizonMillis;
    private final long[] horizonNumbers = new long[HORIZONS];
    private final int[] finished = new int[HORIZONS];

    Pace(Duration horizon) {
        this.horizonMillis = Math.max(1, horizon.toMillis());
        Arrays.fill(horizonNumbers, Long.MIN_VALUE);
    }

    void jobFinished(long nowMillis) {
        long number = nowMillis / horizonMillis;
        int slot = (int) Math.floorMod(number, (long) HORIZONS);
        if (horizonNumbers[slot] != number) {
            horizonNumbers[slot] = number;
            finished[slot] = 0;
        }
        finished[slot]++;
    }

    int expectedWithinHorizon(long nowMillis) {
        long current = nowMillis / horizonMillis;
        long sum = 0;
        for (int slot = 0; slot < HORIZONS; slot++) {
            if (horizonNumbers[slot] > current - HORIZONS) {
                sum += finished[slot];
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, sum / HORIZONS);
    }
}
