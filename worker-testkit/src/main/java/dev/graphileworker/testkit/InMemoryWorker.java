package dev.graphileworker.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AbortSignal;
import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.port.JobStore;
import dev.graphileworker.domain.worker.BaseJobHelpers;
import dev.graphileworker.domain.worker.Worker;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.domain.worker.WorkerPorts;
import dev.graphileworker.domain.worker.WorkerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * Runs a task list on the real worker loop against an {@link InMemoryJobQueue}: tests of tasks in
 * milliseconds, without a database. Handlers that call {@code withConnection} or {@code query}
 * get an {@link UnsupportedOperationException}. Payloads bind with the queue's payload mapper
 * ({@link InMemoryJobQueue#InMemoryJobQueue(Clock, PayloadMapper)}), or with a plain Jackson 2 mapper.
 *
 * <pre>{@code
 * InMemoryJobQueue queue = new InMemoryJobQueue();
 * queue.addJob("hello", Map.of("name", "Ada"), AddJobOptions.defaults());
 * InMemoryWorker.runTaskListOnce(tasks, queue);
 * assertThat(queue.jobs()).isEmpty();
 * }</pre>
 */
public final class InMemoryWorker {

    private InMemoryWorker() {
    }

    /**
     * Runs jobs with concurrency 1 until none is runnable and none is running.
     *
     * @param tasks the tasks to run
     * @param queue the jobs
     */
    public static void runTaskListOnce(TaskList tasks, InMemoryJobQueue queue) {
        runTaskListOnce(tasks, queue, 1);
    }

    /**
     * Runs jobs until none is runnable and none is running.
     *
     * @param tasks the tasks to run
     * @param queue the jobs
     * @param concurrency how many jobs run at once
     */
    public static void runTaskListOnce(TaskList tasks, InMemoryJobQueue queue, int concurrency) {
        worker(tasks, queue, concurrency).runOnce();
    }

    /**
     * Starts a worker in the background, woken by jobs added to {@code queue}; stop it when done.
     *
     * @param tasks the tasks to run
     * @param queue the jobs
     * @param concurrency how many jobs run at once
     * @return the running worker
     */
    public static RunningWorker start(TaskList tasks, InMemoryJobQueue queue, int concurrency) {
        return worker(tasks, queue, concurrency).start();
    }

    /**
     * Runs jobs until none is runnable and none is running, their handlers on threads of
     * {@code jobThreadFactory}, as {@code WorkerOptions.jobThreadFactory} has them on PostgreSQL.
     *
     * @param tasks the tasks to run
     * @param queue the jobs
     * @param concurrency how many jobs run at once
     * @param jobThreadFactory makes the threads that run the handlers (runners and timed handlers)
     * @since 0.1.0
     */
    public static void runTaskListOnce(TaskList tasks, InMemoryJobQueue queue, int concurrency,
            ThreadFactory jobThreadFactory) {
        worker(settings(tasks, concurrency).withJobThreadFactory(
                Objects.requireNonNull(jobThreadFactory, "jobThreadFactory")), queue, queue, Clock.systemUTC())
                .runOnce();
    }

    /**
     * Starts a worker in the background whose handlers run on threads of {@code jobThreadFactory},
     * as {@code WorkerOptions.jobThreadFactory} has them on PostgreSQL; stop it when done.
     *
     * @param tasks the tasks to run
     * @param queue the jobs
     * @param concurrency how many jobs run at once
     * @param jobThreadFactory makes the threads that run the handlers (runners and timed handlers)
     * @return the running worker
     * @since 0.1.0
     */
    public static RunningWorker start(TaskList tasks, InMemoryJobQueue queue, int concurrency,
            ThreadFactory jobThreadFactory) {
        return worker(settings(tasks, concurrency).withJobThreadFactory(
                Objects.requireNonNull(jobThreadFactory, "jobThreadFactory")), queue, queue, Clock.systemUTC())
                .start();
    }

    private static Worker worker(TaskList tasks, InMemoryJobQueue queue, int concurrency) {
        return worker(settings(tasks, concurrency), queue, queue, Clock.systemUTC());
    }

    private static WorkerSettings settings(TaskList tasks, int concurrency) {
        return new WorkerSettings(WorkerIds.newPlain(), concurrency, Duration.ofSeconds(1), tasks, Set.of(),
                Duration.ZERO);
    }

    /**
     * A worker with any settings, claiming and settling through {@code store} (the queue, or a view of
     * it), its local queue on {@code clock}: for the testkit's own tests of the loop.
     */
    static Worker worker(WorkerSettings settings, JobStore store, InMemoryJobQueue queue, Clock clock) {
        PayloadMapper payloadMapper = queue.payloadMapper()
                .orElseGet(() -> PayloadMapper.jackson(new ObjectMapper()));
        WorkerPorts ports = new WorkerPorts(store, queue, queue,
                (job, workerId, abortSignal) ->
                        new InMemoryJobHelpers(job, workerId, abortSignal, queue, payloadMapper));
        return new Worker(settings, ports, clock, WorkerEvents.none(), () -> { });
    }

    /** Helpers without a database. */
    private static final class InMemoryJobHelpers extends BaseJobHelpers {
        InMemoryJobHelpers(JobRow job, String workerId, AbortSignal abortSignal, JobAdmin admin,
                PayloadMapper payloadMapper) {
            super(job, workerId, abortSignal, admin, payloadMapper);
        }

        @Override
        public <T> T withConnection(ConnectionWork<T> work) {
            throw new UnsupportedOperationException("The in-memory worker has no database; "
                    + "test tasks that use withConnection against PostgreSQL (PostgresDatabaseExtension)");
        }

        @Override
        public List<Map<String, Object>> query(String sql, Object... parameters) {
            throw new UnsupportedOperationException("The in-memory worker has no database; "
                    + "test tasks that use query against PostgreSQL (PostgresDatabaseExtension)");
        }
    }
}
