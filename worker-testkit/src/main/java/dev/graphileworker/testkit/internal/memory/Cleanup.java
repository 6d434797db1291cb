package dev.graphileworker.testkit.internal.memory;

import dev.graphileworker.api.CleanupOptions;
import dev.graphileworker.api.CleanupResult;
import dev.graphileworker.api.CleanupTask;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * graphile-worker's {@code cleanup}. Any lock protects a row here, however old: unlike the operator's
 * SQL functions, cleanup does not treat a lock past the timeout as gone.
 */
public final class Cleanup {

    private final JobTable table;

    /** @param table the tables to read and write */
    public Cleanup(JobTable table) {
        this.table = table;
    }

    /** Jobs first, so that identifiers and queues used only by the deleted jobs go in the same call. */
    public CleanupResult run(CleanupOptions options) {
        long jobs = options.includes(CleanupTask.DELETE_PERMAFAILED_JOBS) ? deletePermanentlyFailedJobs() : 0;
        long identifiers = options.includes(CleanupTask.GC_TASK_IDENTIFIERS)
                ? deleteUnusedTaskIdentifiers(options.taskIdentifiersToKeep()) : 0;
        long queues = options.includes(CleanupTask.GC_JOB_QUEUES) ? deleteEmptyJobQueues() : 0;
        return new CleanupResult(jobs, identifiers, queues);
    }

    private long deletePermanentlyFailedJobs() {
        List<StoredJob> failed = table.all().stream()
                .filter(job -> job.attempts >= job.maxAttempts && job.lockedAt == null)
                .toList();
        failed.forEach(table::delete);
        return failed.size();
    }

    private long deleteUnusedTaskIdentifiers(Set<String> toKeep) {
        Set<String> used = table.all().stream().map(job -> job.taskIdentifier).collect(Collectors.toSet());
        return table.removeTaskIdentifiersIf(identifier -> !used.contains(identifier) && !toKeep.contains(identifier));
    }

    private long deleteEmptyJobQueues() {
        Set<String> used = table.all().stream().map(job -> job.queueName).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return table.removeQueuesIf(queue -> queue.lockedAt() == null && !used.contains(queue.name()));
    }
}
