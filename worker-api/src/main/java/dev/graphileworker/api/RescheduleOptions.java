package dev.graphileworker.api;

import java.time.Instant;
import java.util.Optional;

/**
 * The fields {@link WorkerUtils#rescheduleJobs} changes; each one left {@code null} keeps the jobs'
 * current value.
 *
 * @param runAt the new earliest run time
 * @param priority the new priority
 * @param attempts the new attempt count
 * @param maxAttempts the new maximum attempts
 * @since 0.1.0
 */
public record RescheduleOptions(Instant runAt, Integer priority, Integer attempts, Integer maxAttempts) {

    /**
     * @param runAt the new earliest run time
     * @return options that change only the run time
     */
    public static RescheduleOptions runAt(Instant runAt) {
        return new RescheduleOptions(runAt, null, null, null);
    }

}
