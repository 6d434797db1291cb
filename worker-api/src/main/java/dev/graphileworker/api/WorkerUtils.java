package dev.graphileworker.api;

import dev.graphileworker.api.admin.QueueAdministration;
import java.sql.Connection;
import java.util.List;
import java.util.Objects;

/**
 * Adds and administers the jobs of a PostgreSQL database: the {@link JobAdmin} operations, each
 * calling the SQL function of the same name in the worker's schema, plus enqueueing inside the
 * caller's transaction and installing the schema.
 *
 * <p>Methods without a {@link Connection} use the pool this object owns, each in its own
 * transaction. Methods that take a {@code Connection} run on the caller's connection and therefore
 * inside the caller's transaction: a job added in a transaction that rolls back never exists.
 *
 * <p>Thread-safe. Close it to release its pool. Failures are reported as {@link WorkerException}
 * (for example an unknown job key mode or a constraint the job violates).
 *
 * @since 0.1.0
 */
public interface WorkerUtils extends JobAdmin, AutoCloseable {

    /**
     * Adds a job on the caller's connection, inside the caller's transaction.
     *
     * @param connection the caller's connection; left open
     * @param identifier the task identifier
     * @param payload the payload, or {@code null} for {@code {}}
     * @param options queue, schedule, key and the rest
     * @return the job as stored
     */
    Job addJob(Connection connection, String identifier, Object payload, AddJobOptions options);

    /**
     * Adds a job of a declared task on the caller's connection, inside the caller's transaction: the
     * compiler checks that the payload is of the task's payload type. The same as
     * {@link #addJob(Connection, String, Object, AddJobOptions)} with the definition's identifier.
     *
     * <pre>{@code
     * utils.addJob(connection, SEND_CONFIRMATION, new Confirmation(order.id()), AddJobOptions.defaults());
     * connection.commit();   // the job exists from here on; after a rollback it never did
     * }</pre>
     *
     * @param connection the caller's connection; left open
     * @param definition the task
     * @param payload the payload, or {@code null} for {@code {}}
     * @param options queue, schedule, key and the rest
     * @param <T> the payload type
     * @return the job as stored
     * @since 0.1.0
     */
    default <T> Job addJob(Connection connection, TaskDefinition<T> definition, T payload, AddJobOptions options) {
        return addJob(connection, Objects.requireNonNull(definition, "definition").identifier(), payload, options);
    }

    /**
     * Adds several jobs on the caller's connection, inside the caller's transaction.
     *
     * @param connection the caller's connection; left open
     * @param specs the jobs
     * @param preserveRunAt whether existing keyed jobs that have not been attempted keep their run time
     * @return the jobs as stored
     */
    List<Job> addJobs(Connection connection, List<JobSpec> specs, boolean preserveRunAt);

    /**
     * The operators' administration of this database's queue: jobs listed and filtered by state, task,
     * queue, key, flag and error text, one job in full, retry, reschedule, removal, permanent failure
     * and unlocking by id or by filter, and the queues, tasks and workers. Each call uses the pool this
     * object owns; each action is one transaction. See {@code docs/administration.md}.
     *
     * <pre>{@code
     * QueueAdministration admin = utils.administration();
     * JobPage failed = admin.jobs(JobFilter.all().withStates(JobState.PERMANENTLY_FAILED), PageRequest.first());
     * admin.retry(JobSelection.ids(failed.jobs().get(0).job().id()), false, false);
     * }</pre>
     *
     * @return the administration, valid until this object is closed
     * @since 0.1.0
     */
    QueueAdministration administration();

    /** Installs or upgrades the schema; safe to call from several processes at once. */
    void migrate();

    /** Releases the pool, if this object created one. */
    @Override
    void close();
}
