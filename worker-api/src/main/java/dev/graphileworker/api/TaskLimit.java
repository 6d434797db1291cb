package dev.graphileworker.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The limits of one task across every worker of this library that runs it: at most
 * {@linkplain #maxRunning() so many jobs running at once}, and at most
 * {@linkplain #maxStarts() so many starts} in any {@linkplain #per() window} of a given length. Set
 * with {@link WorkerOptions.Builder#taskConcurrencyLimit} and {@link WorkerOptions.Builder#taskRateLimit};
 * docs/library.md, "Concurrency limits", explains what they guarantee. Immutable.
 *
 * @since 0.1.0
 */
public final class TaskLimit {

    /** The shortest rate window accepted: 1 second. */
    public static final Duration MINIMUM_RATE_WINDOW = Duration.ofSeconds(1);

    /** The longest rate window accepted: 1 day. */
    public static final Duration MAXIMUM_RATE_WINDOW = Duration.ofDays(1);

    private final String taskIdentifier;
    private final int maxRunning;
    private final int maxStarts;
    private final Duration per;

    private TaskLimit(String taskIdentifier, int maxRunning, int maxStarts, Duration per) {
        this.taskIdentifier = taskIdentifier;
        this.maxRunning = maxRunning;
        this.maxStarts = maxStarts;
        this.per = per;
    }

    /**
     * @param taskIdentifier the task, a valid task identifier
     * @return a limit of that task that limits nothing yet
     * @throws IllegalArgumentException when the identifier is blank or longer than 128 characters
     */
    static TaskLimit none(String taskIdentifier) {
        return new TaskLimit(TaskIdentifiers.requireValid(taskIdentifier), 0, 0, null);
    }

    /**
     * @param max how many jobs of the task may run at once, at least 1
     * @return this limit with that concurrency limit
     * @throws IllegalArgumentException when {@code max} is below 1
     */
    TaskLimit withMaxRunning(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("taskConcurrencyLimit of '" + taskIdentifier
                    + "' must be at least 1 (a task that must not run at all belongs in no task list), was " + max);
        }
        return new TaskLimit(taskIdentifier, max, maxStarts, per);
    }

    /**
     * @param starts how many jobs of the task may start in any window of length {@code window}, at least 1
     * @param window the window, from {@link #MINIMUM_RATE_WINDOW} to {@link #MAXIMUM_RATE_WINDOW}
     * @return this limit with that rate limit
     * @throws IllegalArgumentException when {@code starts} is below 1 or the window is out of range
     */
    TaskLimit withRate(int starts, Duration window) {
        Objects.requireNonNull(window, "per");
        if (starts < 1) {
            throw new IllegalArgumentException("taskRateLimit of '" + taskIdentifier
                    + "' must allow at least 1 start per window, was " + starts);
        }
        if (window.compareTo(MINIMUM_RATE_WINDOW) < 0 || window.compareTo(MAXIMUM_RATE_WINDOW) > 0) {
            throw new IllegalArgumentException("taskRateLimit of '" + taskIdentifier
                    + "' needs a window from 1 second to 1 day, was " + window);
        }
        return new TaskLimit(taskIdentifier, maxRunning, starts, window);
    }

    /** @return the task these limits apply to */
    public String taskIdentifier() {
        return taskIdentifier;
    }

    /** @return how many of the task's jobs may run at once across this library's workers; empty for no such limit */
    public OptionalInt maxRunning() {
        return maxRunning == 0 ? OptionalInt.empty() : OptionalInt.of(maxRunning);
    }

    /** @return how many of the task's jobs may start in any window of length {@link #per()}; empty for no rate limit */
    public OptionalInt maxStarts() {
        return maxStarts == 0 ? OptionalInt.empty() : OptionalInt.of(maxStarts);
    }

    /** @return the length of the rate limit's window; empty for no rate limit */
    public Optional<Duration> per() {
        return Optional.ofNullable(per);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TaskLimit that && taskIdentifier.equals(that.taskIdentifier)
                && maxRunning == that.maxRunning && maxStarts == that.maxStarts && Objects.equals(per, that.per);
    }

    @Override
    public int hashCode() {
        return Objects.hash(taskIdentifier, maxRunning, maxStarts, per);
    }

    @Override
    public String toString() {
        return taskIdentifier + "{" + (maxRunning == 0 ? "" : "maxRunning=" + maxRunning)
                + (maxRunning != 0 && maxStarts != 0 ? ", " : "")
                + (maxStarts == 0 ? "" : "maxStarts=" + maxStarts + " per " + per) + "}";
    }
}
