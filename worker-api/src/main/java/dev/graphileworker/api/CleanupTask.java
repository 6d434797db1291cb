package dev.graphileworker.api;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One kind of stale row that {@link WorkerUtils#cleanup(CleanupOptions)} can delete. The names are
 * graphile-worker's, so {@code --cleanup GC_JOB_QUEUES,DELETE_PERMAFAILED_JOBS} means the same to
 * both command lines.
 *
 * <p>Rows held by a worker ({@code locked_at} set, however old the lock) are never deleted: the worker
 * will still read or update them.
 *
 * @since 0.1.0
 */
public enum CleanupTask {

    /**
     * Deletes task identifiers that no job refers to, except those the options ask to keep. Safe while
     * Java workers run, since they look identifiers up on every claim; Node.js workers cache them, so
     * do not run this while a Node.js worker is running (or keep every identifier it knows).
     */
    GC_TASK_IDENTIFIERS,

    /** Deletes named queues that hold no job and are not locked by a worker. */
    GC_JOB_QUEUES,

    /**
     * Deletes permanently failed jobs (no attempts left: {@code attempts >= max_attempts}) that no worker
     * holds. Their payloads and last errors are lost.
     */
    DELETE_PERMAFAILED_JOBS;

    /**
     * Parses one task name, as graphile-worker spells it; surrounding blanks are ignored.
     *
     * @param name for example {@code GC_JOB_QUEUES}
     * @return the task
     * @throws IllegalArgumentException naming the accepted values when {@code name} is none of them
     */
    public static CleanupTask fromName(String name) {
        String trimmed = name == null ? "" : name.strip();
        for (CleanupTask task : values()) {
            if (task.name().equals(trimmed)) {
                return task;
            }
        }
        throw new IllegalArgumentException("Unknown cleanup task '" + name + "': expected one of "
                + Arrays.stream(values()).map(CleanupTask::name).collect(Collectors.joining(", ")));
    }

    /**
     * Parses a comma-separated list of task names, such as the value of the command line's
     * {@code --cleanup} option.
     *
     * @param commaSeparatedNames for example {@code GC_TASK_IDENTIFIERS, GC_JOB_QUEUES}
     * @return the tasks, each once
     * @throws IllegalArgumentException naming the accepted values when any name is none of them
     *     (an empty name included)
     */
    public static Set<CleanupTask> fromNames(String commaSeparatedNames) {
        if (commaSeparatedNames == null) {
            throw new IllegalArgumentException("No cleanup tasks given: expected a comma-separated list of "
                    + Arrays.stream(values()).map(CleanupTask::name).collect(Collectors.joining(", ")));
        }
        Set<CleanupTask> tasks = EnumSet.noneOf(CleanupTask.class);
        for (String name : commaSeparatedNames.split(",", -1)) {
            tasks.add(fromName(name));
        }
        return Set.copyOf(tasks);
    }
}
