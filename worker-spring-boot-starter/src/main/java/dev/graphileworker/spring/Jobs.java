package dev.graphileworker.spring;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.TaskDefinition;
import dev.graphileworker.api.WorkerUtils;
import java.sql.Connection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Adds jobs from a Spring application, in the application's transaction when there is one.
 *
 * <p>Inside a transaction of the application's {@code DataSource} (a {@code @Transactional} method
 * with {@code DataSourceTransactionManager}, {@code JdbcTransactionManager} or
 * {@code JpaTransactionManager}), a job is inserted on the transaction's own connection: it exists
 * once the transaction commits, and never if it rolls back. Workers are woken at the commit, by the
 * notification PostgreSQL delivers then. Outside a transaction each call commits on its own. Either
 * way the job goes through the queue's SQL function {@code add_job}, as a job added from SQL does.
 *
 * <pre>{@code
 * @Transactional
 * public void placeOrder(Order order) {
 *     orders.save(order);
 *     jobs.add(SendEmail.TASK, new SendEmail(order.email(), "Thank you"));
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class Jobs {

    private final WorkerUtils workerUtils;
    private final DataSource dataSource;

    /**
     * @param workerUtils adds the jobs
     * @param dataSource the application's data source, whose transactions the jobs join
     */
    public Jobs(WorkerUtils workerUtils, DataSource dataSource) {
        this.workerUtils = Objects.requireNonNull(workerUtils, "workerUtils");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Adds a job with the default options.
     *
     * @param task the task to run
     * @param payload its payload
     * @param <T> the payload type
     * @return the job as stored (inside a transaction: as it will be once the transaction commits)
     */
    public <T> Job add(TaskDefinition<T> task, T payload) {
        return add(task, payload, AddJobOptions.defaults());
    }

    /**
     * Adds a job.
     *
     * @param task the task to run
     * @param payload its payload
     * @param options queue, run time, job key, priority, attempts and flags
     * @param <T> the payload type
     * @return the job as stored
     */
    public <T> Job add(TaskDefinition<T> task, T payload, AddJobOptions options) {
        return inCurrentTransaction(
                connection -> workerUtils.addJob(connection, task, payload, options),
                () -> workerUtils.addJob(task, payload, options));
    }

    /**
     * Adds a job for a task known only by its identifier (one run by a Node.js worker, say).
     *
     * @param identifier the task identifier
     * @param payload its payload: a Jackson {@code JsonNode}, a {@code Map} or any object the payload
     *     mapper can write
     * @param options queue, run time, job key, priority, attempts and flags
     * @return the job as stored
     */
    public Job add(String identifier, Object payload, AddJobOptions options) {
        return inCurrentTransaction(
                connection -> workerUtils.addJob(connection, identifier, payload, options),
                () -> workerUtils.addJob(identifier, payload, options));
    }

    /**
     * Adds several jobs in one statement.
     *
     * @param specs the jobs
     * @return the jobs as stored
     */
    public List<Job> addAll(List<JobSpec> specs) {
        return inCurrentTransaction(
                connection -> workerUtils.addJobs(connection, specs, false),
                () -> workerUtils.addJobs(specs, false));
    }

    private <R> R inCurrentTransaction(Function<Connection, R> onTransaction, Supplier<R> onItsOwn) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return onItsOwn.get();
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (!DataSourceUtils.isConnectionTransactional(connection, dataSource)) {
                // A transaction of some other resource: joining it is impossible, so commit on our own
                // rather than leave the insert on a connection nobody commits.
                return onItsOwn.get();
            }
            return onTransaction.apply(connection);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
