package dev.graphileworker.api;

/**
 * How many rows {@link WorkerUtils#cleanup(CleanupOptions)} deleted, per cleanup task; zero for a task
 * that was not run.
 *
 * @param permanentlyFailedJobsDeleted jobs deleted by {@link CleanupTask#DELETE_PERMAFAILED_JOBS}
 * @param taskIdentifiersDeleted task identifiers deleted by {@link CleanupTask#GC_TASK_IDENTIFIERS}
 * @param jobQueuesDeleted named queues deleted by {@link CleanupTask#GC_JOB_QUEUES}
 * @since 0.1.0
 */
public record CleanupResult(long permanentlyFailedJobsDeleted, long taskIdentifiersDeleted, long jobQueuesDeleted) {

    /**
     * @param task a cleanup task
     * @return how many rows that task deleted
     */
    public long deleted(CleanupTask task) {
        return switch (task) {
            case DELETE_PERMAFAILED_JOBS -> permanentlyFailedJobsDeleted;
            case GC_TASK_IDENTIFIERS -> taskIdentifiersDeleted;
            case GC_JOB_QUEUES -> jobQueuesDeleted;
        };
    }
}
