package dev.graphileworker.api;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link WorkerUtils#cleanup(CleanupOptions)} deletes. Immutable.
 *
 * @param tasks the cleanup tasks to run; empty runs none. Not {@code null}, no {@code null} element
 * @param taskIdentifiersToKeep task identifiers that {@link CleanupTask#GC_TASK_IDENTIFIERS} keeps even
 *     when no job refers to them, typically those of the task list of running workers; ignored by the
 *     other tasks. Not {@code null}, no {@code null} element
 * @since 0.1.0
 */
public record CleanupOptions(Set<CleanupTask> tasks, Set<String> taskIdentifiersToKeep) {

    /** Checks both sets and copies them. */
    public CleanupOptions {
        tasks = copyWithoutNulls(tasks, "tasks");
        taskIdentifiersToKeep = copyWithoutNulls(taskIdentifiersToKeep, "taskIdentifiersToKeep");
    }

    /**
     * @param tasks the cleanup tasks to run
     * @return options running these tasks and keeping no identifier specially
     */
    public static CleanupOptions of(CleanupTask... tasks) {
        Objects.requireNonNull(tasks, "tasks");
        return new CleanupOptions(new HashSet<>(Arrays.asList(tasks)), Set.of());
    }

    /**
     * @param identifiers task identifiers that {@link CleanupTask#GC_TASK_IDENTIFIERS} must keep
     * @return a copy of these options with this keep-list instead of the current one
     */
    public CleanupOptions withTaskIdentifiersToKeep(Collection<String> identifiers) {
        Objects.requireNonNull(identifiers, "taskIdentifiersToKeep");
        return new CleanupOptions(tasks, new HashSet<>(identifiers));
    }

    /**
     * @param task a cleanup task
     * @return whether these options run it
     */
    public boolean includes(CleanupTask task) {
        return tasks.contains(task);
    }

    private static <T> Set<T> copyWithoutNulls(Set<T> values, String option) {
        Objects.requireNonNull(values, option);
        if (values.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(option + " must not contain null");
        }
        return Set.copyOf(values);
    }
}
