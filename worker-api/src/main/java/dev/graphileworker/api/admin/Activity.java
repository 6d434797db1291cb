package dev.graphileworker.api.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Jobs completed and failed per minute over a recent window, oldest minute first, every minute present
 * (zero when nothing happened in it), with where the figures come from. The last minute is the current
 * one, still under way.
 *
 * <p>What can be counted depends on the {@link Source}. With {@link Source#HISTORY} both figures come
 * from the history of finished jobs. With {@link Source#OBSERVED} no record of completions exists
 * (graphile-worker deletes a completed job), so {@link Minute#completed()} is empty in every minute:
 * unknown, never zero.
 *
 * @param source where the figures come from
 * @param minutes one per minute of the window, oldest first, each a minute after the one before
 * @since 0.1.0
 */
public record Activity(Source source, List<Minute> minutes) {

    /** The longest window {@link QueueAdministration#activity(Duration)} accepts: 24 hours. */
    public static final Duration LONGEST_WINDOW = Duration.ofHours(24);

    /**
     * Where the figures of an {@link Activity} come from.
     *
     * @since 0.1.0
     */
    public enum Source {
        /**
         * The history of finished jobs, which workers of this library keep when asked to
         * ({@code WorkerOptions.keepHistory}): {@link Minute#completed()} counts the jobs completed in
         * the minute and {@link Minute#failed()} the jobs whose last attempt failed in it (permanently
         * failed). A failed attempt that will be retried is not in the history, so it is not counted;
         * nor are jobs finished by Node.js workers or by an operator.
         */
        HISTORY,
        /**
         * No history is kept: only what the queue holds now can be seen. {@link Minute#failed()} counts
         * the jobs now in the queue that have a {@code last_error} and whose {@code updated_at} falls in
         * the minute: each job once, at its latest failure (retries to come and permanent failures
         * alike), as long as it has not since been completed, removed or otherwise changed (an
         * operator's retry or reschedule moves {@code updated_at}). Completions leave no trace:
         * {@link Minute#completed()} is unknown.
         */
        OBSERVED
    }

    /**
     * One minute of an {@link Activity}.
     *
     * @param start the minute's first instant (a whole minute of UTC)
     * @param completed the jobs completed in the minute; empty when the source cannot know
     *     ({@link Source#OBSERVED}), never a zero that means "unknown"
     * @param failed the failures in the minute, as the {@link Source} counts them
     * @since 0.1.0
     */
    public record Minute(Instant start, OptionalLong completed, long failed) {

        /** Checks that the start is present and the counts are not negative. */
        public Minute {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(completed, "completed");
            if (completed.orElse(0) < 0 || failed < 0) {
                throw new IllegalArgumentException("Counts are never negative: completed " + completed
                        + ", failed " + failed);
            }
        }
    }

    /**
     * Checks that the minutes follow each other a minute apart and that completions are known exactly
     * when the source is {@link Source#HISTORY}; copies the minutes.
     */
    public Activity {
        Objects.requireNonNull(source, "source");
        minutes = List.copyOf(minutes);
        for (int i = 0; i < minutes.size(); i++) {
            Minute minute = minutes.get(i);
            if (minute.completed().isPresent() != (source == Source.HISTORY)) {
                throw new IllegalArgumentException("Completions are known with the history and only with it: "
                        + source + " with " + minute);
            }
            if (i > 0 && !minutes.get(i - 1).start().plus(Duration.ofMinutes(1)).equals(minute.start())) {
                throw new IllegalArgumentException("Minutes must follow each other a minute apart: "
                        + minutes.get(i - 1).start() + " then " + minute.start());
            }
        }
    }

    /** @return whether {@link Minute#completed()} holds a count in every minute (only with the history) */
    public boolean completionsKnown() {
        return source == Source.HISTORY;
    }

    /** @return the jobs completed over the whole window; empty when unknown */
    public OptionalLong totalCompleted() {
        return completionsKnown()
                ? OptionalLong.of(minutes.stream().mapToLong(minute -> minute.completed().getAsLong()).sum())
                : OptionalLong.empty();
    }

    /** @return the failures over the whole window, as the source counts them */
    public long totalFailed() {
        return minutes.stream().mapToLong(Minute::failed).sum();
    }
}
