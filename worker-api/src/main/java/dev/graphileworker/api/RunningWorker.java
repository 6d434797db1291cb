package dev.graphileworker.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A worker that runs jobs until it is stopped. Returned by {@link GraphileWorker#run}.
 *
 * <p>Stopping is graceful: the worker stops claiming, lets running jobs finish (raising their
 * {@link AbortSignal} once the {@linkplain WorkerOptions#shutdownGracePeriod() grace period} has
 * passed), writes their results to the database, releases jobs it claimed but did not start, and
 * closes its connections. {@link #terminate()} is the impatient alternative. Thread-safe.
 *
 * @since 0.1.0
 */
public interface RunningWorker extends AutoCloseable {

    /** @return this worker's id, as stored in {@code locked_by} */
    String workerId();

    /**
     * Begins a graceful stop; returns at once. Calling it again returns the same stage.
     *
     * @return completes when the worker has stopped and released everything
     */
    CompletionStage<Void> stop();

    /**
     * Gives up on running jobs at once, as a second Ctrl-C asks: stops claiming, raises the abort
     * signal, records every running job as failed (so it is retried, from its next attempt) and
     * interrupts the handlers. Returns once the failures are recorded; the worker has stopped when its
     * handlers have returned. Use it only when the process is about to exit anyway.
     */
    void terminate();

    /**
     * Waits until the worker has stopped, by {@link #stop()} or because it could not go on.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws WorkerException when the worker stopped because of a failure (for example the schema was
     *     migrated to an incompatible version under it)
     */
    void await() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the worker to stop.
     *
     * @param timeout how long to wait
     * @return {@code true} when it stopped in time
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws WorkerException when the worker stopped because of a failure
     */
    boolean await(Duration timeout) throws InterruptedException;

    /**
     * Adds a job through this worker's pool.
     *
     * @param identifier the task identifier
     * @param payload the payload, or {@code null} for {@code {}}
     * @param options queue, schedule, key and the rest
     * @return the job as stored
     */
    Job addJob(String identifier, Object payload, AddJobOptions options);

    /**
     * Adds a job of a declared task through this worker's pool: the compiler checks that the payload
     * is of the task's payload type. The same as {@link #addJob(String, Object, AddJobOptions)} with
     * the definition's identifier.
     *
     * @param definition the task
     * @param payload the payload, or {@code null} for {@code {}}
     * @param options queue, schedule, key and the rest
     * @param <T> the payload type
     * @return the job as stored
     * @since 0.1.0
     */
    default <T> Job addJob(TaskDefinition<T> definition, T payload, AddJobOptions options) {
        return addJob(Objects.requireNonNull(definition, "definition").identifier(), payload, options);
    }

    /** Stops the worker and waits until it has stopped. */
    @Override
    void close();
}
