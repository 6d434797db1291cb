package dev.graphileworker.api.admin;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a job stands, as an operator sees it. Every job is in exactly one state, tested in this
 * order: {@link #PERMANENTLY_FAILED}, {@link #LOCKED}, {@link #FAILED}, {@link #SCHEDULED},
 * {@link #RUNNABLE}.
 *
 * @since 0.1.0
 */
public enum JobState {

    /** Due, not locked, never failed: a worker may take it now (perhaps behind a locked named queue). */
    RUNNABLE,

    /** Not yet due ({@code run_at} in the future), not locked, never failed. */
    SCHEDULED,

    /** Held by a worker whose lock is younger than the lock timeout (4 hours): running, or claimed ahead. */
    LOCKED,

    /** Failed at least once ({@code last_error} is set) and will be retried: it has attempts left. */
    FAILED,

    /** Out of attempts and not locked: it will not run again unless someone retries it. */
    PERMANENTLY_FAILED;

    /** @return the state's name as the command line and JSON write it: {@code runnable}, {@code permanently_failed} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param label a state's {@link #label()}, in any case
     * @return the state
     * @throws IllegalArgumentException naming the label and the valid ones
     */
    public static JobState parse(String label) {
        return Arrays.stream(values())
                .filter(state -> state.label().equalsIgnoreCase(label == null ? "" : label.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown job state '" + label + "': use one of "
                        + Arrays.stream(values()).map(JobState::label).collect(Collectors.joining(", "))));
    }
}
