package dev.graphileworker.api;

/**
 * Sees every job a worker's Java API adds ({@code addJob}, {@code addJobs}, from {@link WorkerUtils},
 * {@link JobHelpers} and {@link RunningWorker}) just before it is written, and may change its options:
 * to add a flag that carries a trace context, for example (see the {@code tracing} package). Jobs added
 * with SQL do not pass through it. Called on the thread that adds the job; must be quick and
 * thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EnqueueInterceptor {

    /**
     * @param taskIdentifier the job's task
     * @param options the options it is being added with
     * @return the options to add it with; {@code options} itself to leave them as they are
     */
    AddJobOptions beforeAdd(String taskIdentifier, AddJobOptions options);
}
