package dev.graphileworker.postgres.internal.sql;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.CleanupOptions;
import dev.graphileworker.api.CleanupResult;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.QueueDepth;
import dev.graphileworker.api.RescheduleOptions;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.admin.QueueAdministration;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * {@link WorkerUtils} and the domain's {@link JobAdmin} port on PostgreSQL: each call borrows a
 * pooled connection (its own transaction) unless the caller hands in a connection of its own.
 */
public final class PostgresWorkerUtils implements WorkerUtils, JobAdmin {

    private final DataSource dataSource;
    private final JobFunctions functions;
    private final CleanupStatements cleanup;
    private final QueueDepthQuery queueDepth;
    private final QueueAdministration administration;
    private final Runnable migrate;
    private final AutoCloseable onClose;

    /**
     * @param dataSource where calls without a connection run
     * @param functions the SQL function calls
     * @param cleanup the statements of {@link #cleanup(CleanupOptions)}
     * @param queueDepth the query of {@link #queueDepth()}
     * @param administration what {@link #administration()} returns, on the same data source
     * @param migrate installs or upgrades the schema
     * @param onClose closes what this object owns
     */
    public PostgresWorkerUtils(DataSource dataSource, JobFunctions functions, CleanupStatements cleanup,
            QueueDepthQuery queueDepth, QueueAdministration administration, Runnable migrate, AutoCloseable onClose) {
        this.dataSource = dataSource;
        this.functions = functions;
        this.cleanup = cleanup;
        this.queueDepth = queueDepth;
        this.administration = administration;
        this.migrate = migrate;
        this.onClose = onClose;
    }

    @Override
    public Job addJob(String identifier, Object payload, AddJobOptions options) {
        return withConnection(connection -> functions.addJob(connection, identifier, payload, options));
    }

    @Override
    public Job addJob(Connection connection, String identifier, Object payload, AddJobOptions options) {
        return functions.addJob(connection, identifier, payload, options);
    }

    @Override
    public List<Job> addJobs(List<JobSpec> specs, boolean preserveRunAt) {
        return withConnection(connection -> functions.addJobs(connection, specs, preserveRunAt));
    }

    @Override
    public List<Job> addJobs(Connection connection, List<JobSpec> specs, boolean preserveRunAt) {
        return functions.addJobs(connection, specs, preserveRunAt);
    }

    @Override
    public Optional<Job> removeJob(String jobKey) {
        return withConnection(connection -> functions.removeJob(connection, jobKey));
    }

    @Override
    public List<Job> completeJobs(Collection<Long> jobIds) {
        return withConnection(connection -> functions.completeJobs(connection, jobIds));
    }

    @Override
    public List<Job> permanentlyFailJobs(Collection<Long> jobIds, String reason) {
        return withConnection(connection -> functions.permanentlyFailJobs(connection, jobIds, reason));
    }

    @Override
    public List<Job> rescheduleJobs(Collection<Long> jobIds, RescheduleOptions changes) {
        return withConnection(connection -> functions.rescheduleJobs(connection, jobIds, changes));
    }

    @Override
    public void forceUnlockWorkers(Collection<String> workerIds) {
        withConnection(connection -> {
            functions.forceUnlockWorkers(connection, workerIds);
            return null;
        });
    }

    @Override
    public CleanupResult cleanup(CleanupOptions options) {
        Objects.requireNonNull(options, "options");
        return withConnection(connection -> cleanup.run(connection, options));
    }

    @Override
    public void migrate() {
        migrate.run();
    }

    @Override
    public QueueDepth queueDepth() {
        return withConnection(queueDepth::count);
    }

    @Override
    public QueueAdministration administration() {
        return administration;
    }

    @Override
    public void close() {
        try {
            onClose.close();
        } catch (Exception e) {
            throw new WorkerException("Could not close the connection pool: " + e.getMessage(), e);
        }
    }

    private <T> T withConnection(Function<Connection, T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new WorkerException("Could not get a database connection: " + e.getMessage(), e);
        }
    }
}
