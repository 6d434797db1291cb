package dev.graphileworker.domain;

import java.time.Duration;

/**
 * How long a failed job waits before its next attempt. The delay is added to
 * {@code greatest(now(), run_at)} when the failure is recorded.
 */
@FunctionalInterface
public interface BackoffPolicy {

    /**
     * @param attempts the attempts made so far, including the one that just failed (1 or more)
     * @return the delay before the next attempt; not negative
     */
    Duration delayAfter(int attempts);

    /**
     * graphile-worker's policy: {@code exp(least(attempts, 10))} seconds, so about 2.7 s, 7.4 s,
     * 20 s, ... capped at about 6 hours 7 minutes from the tenth attempt on.
     *
     * @return the default policy
     */
    static BackoffPolicy exponential() {
        return attempts -> {
            double seconds = Math.exp(Math.min(Math.max(attempts, 0), 10));
            return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
        };
    }
}
