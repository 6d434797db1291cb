package dev.graphileworker.api.admin;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A task that has jobs, with how many it has in each state.
 *
 * @param identifier the task identifier
 * @param counts jobs by state; every state is present, zero when it has none
 * @since 0.1.0
 */
public record TaskView(String identifier, Map<JobState, Long> counts) {

    /** Fills in the states without jobs and copies the counts. */
    public TaskView {
        Objects.requireNonNull(identifier, "identifier");
        Map<JobState, Long> complete = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            complete.put(state, counts.getOrDefault(state, 0L));
        }
        counts = Map.copyOf(complete);
    }

    /** @return every job of the task */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
