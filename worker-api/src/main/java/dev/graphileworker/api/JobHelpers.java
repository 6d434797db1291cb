package dev.graphileworker.api;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * What a {@link TaskHandler} gets besides its payload: the job, a scoped logger, the worker's
 * database, a way to add more jobs, and the abort signal.
 *
 * <p>Valid only during the handler call it was passed to; do not keep it.
 *
 * @since 0.1.0
 */
public interface JobHelpers {

    /** @return the job being run */
    Job job();

    /** @return the job's named queue, as graphile-worker's {@code helpers.getQueueName()}; empty when it has none */
    default Optional<String> queueName() {
        return job().queueName();
    }

    /** @return the id of the worker running the job */
    String workerId();

    /**
     * A logger for this job. While the handler runs, the SLF4J MDC carries {@code workerId},
     * {@code taskIdentifier} and {@code jobId}, so structured log output can be filtered per job.
     *
     * @return the job's logger
     */
    Logger logger();

    /**
     * Binds the payload to a class of the application's with the worker's {@link PayloadMapper}
     * ({@link WorkerOptions.Builder#payloadMapper}), by default the library's Jackson 2 mapper.
     *
     * @param type the class to bind to
     * @param <T> the payload type
     * @return the bound payload
     * @throws IllegalArgumentException naming the class and the field (for the default mapper) or the
     *     mapper's message when the payload does not fit
     */
    <T> T payloadAs(Class<T> type);

    /** @return raised when the worker shuts down; long handlers should stop early */
    AbortSignal abortSignal();

    /**
     * Runs {@code work} with a connection from the worker's pool, returned to the pool afterwards.
     * The connection is in auto-commit mode unless {@code work} changes it.
     *
     * @param work what to do with the connection
     * @param <T> the result type
     * @return what {@code work} returned
     * @throws Exception whatever {@code work} threw
     * @throws UnsupportedOperationException where the worker has no database (the in-memory testkit)
     */
    <T> T withConnection(ConnectionWork<T> work) throws Exception;

    /**
     * Runs one SQL statement with bind parameters on the worker's database.
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param parameters the values bound to the placeholders, in order
     * @return the rows it returned, each a map from column label to value, in order; empty for none
     * @throws Exception when the statement fails
     */
    List<Map<String, Object>> query(String sql, Object... parameters) throws Exception;

    /**
     * Adds a job, as {@link WorkerUtils#addJob(String, Object, AddJobOptions)} does.
     *
     * @param identifier the task identifier
     * @param payload the payload, or {@code null} for {@code {}}
     * @param options queue, schedule, key and the rest
     * @return the job as stored
     */
    Job addJob(String identifier, Object payload, AddJobOptions options);

    /**
     * Adds a job of a declared task, as {@link WorkerUtils#addJob(TaskDefinition, Object, AddJobOptions)}
     * does: the compiler checks that the payload is of the task's payload type. The same as
     * {@link #addJob(String, Object, AddJobOptions)} with the definition's identifier.
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

    /**
     * Adds several jobs in one statement, as {@link WorkerUtils#addJobs(List, boolean)} does.
     *
     * @param specs the jobs
     * @param preserveRunAt whether keyed jobs that exist keep their run time
     * @return the jobs as stored
     */
    List<Job> addJobs(List<JobSpec> specs, boolean preserveRunAt);

    /**
     * Work done with a JDBC connection.
     *
     * @param <T> the result type
     * @since 0.1.0
     */
    @FunctionalInterface
    interface ConnectionWork<T> {
        /**
         * @param connection a pooled connection; do not close it
         * @return any result
         * @throws Exception to fail
         */
        T apply(Connection connection) throws Exception;
    }
}
