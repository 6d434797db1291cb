package dev.graphileworker.api;

import java.time.Instant;

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
}
