package dev.graphileworker.postgres.internal.sql;

import dev.graphileworker.api.CleanupOptions;
import dev.graphileworker.api.CleanupResult;
import dev.graphileworker.api.CleanupTask;
import dev.graphileworker.api.WorkerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * graphile-worker's {@code cleanup}: deletes unlocked jobs out of attempts, unused task identifiers and
 * empty unlocked queues, all in one transaction. graphile-worker has no SQL function for it, so these
 * are plain statements.
 */
public final class CleanupStatements {

    /** How long cleanup waits for transactions that are adding jobs before it gives up. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final String schema;
    private final Duration lockTimeout;
    private final String deletePermanentlyFailedJobs;
    private final String deleteUnusedTaskIdentifiers;
    private final String deleteEmptyJobQueues;

    /**
     * @param schema the quoted schema name
     * @param lockTimeout how long to wait for a table or row lock before giving up
     */
    public CleanupStatements(String schema, Duration lockTimeout) {
        this.schema = schema;
        this.lockTimeout = lockTimeout;
        // is_available is false for these jobs too, but it is also false for running ones: test both columns.
        this.deletePermanentlyFailedJobs = "delete from " + schema + "._private_jobs as jobs"
                + " where jobs.attempts >= jobs.max_attempts and jobs.locked_at is null";
        this.deleteUnusedTaskIdentifiers = "delete from " + schema + "._private_tasks as tasks"
                + " where not exists (select from " + schema + "._private_jobs as jobs where jobs.task_id = tasks.id)"
                + " and not (tasks.identifier = any(?::text[]))";
        this.deleteEmptyJobQueues = "delete from " + schema + "._private_job_queues as queues"
                + " where queues.locked_at is null"
                + " and not exists (select from " + schema + "._private_jobs as jobs"
                + " where jobs.job_queue_id = queues.id)";
    }

    /**
     * Runs the requested tasks in one transaction on {@code connection}, which must be in auto-commit
     * mode and is left so.
     *
     * @throws WorkerException when a lock could not be had in time or a statement failed; nothing is
     *     deleted then
     */
    public CleanupResult run(Connection connection, CleanupOptions options) {
        try {
            connection.setAutoCommit(false);
            try {
                CleanupResult result = runInTransaction(connection, options);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw new WorkerException("Cleanup gave up after waiting " + lockTimeout.toMillis()
                        + " ms for a lock: a transaction adding jobs (or holding one of the rows) is still open."
                        + " Nothing was deleted; try again later", e);
            }
            throw new WorkerException("Cleanup failed, nothing was deleted: " + e.getMessage(), e);
        }
    }

    private CleanupResult runInTransaction(Connection connection, CleanupOptions options) throws SQLException {
        try (PreparedStatement setLockTimeout = connection.prepareStatement("select set_config('lock_timeout', ?, true)")) {
            setLockTimeout.setString(1, lockTimeout.toMillis() + "ms");
            setLockTimeout.execute();
        }
        lockTablesThatJobsReferTo(connection, options);
        long jobs = 0;
        long identifiers = 0;
        long queues = 0;
        // Jobs first, so that identifiers and queues used only by the deleted jobs go in the same call.
        if (options.includes(CleanupTask.DELETE_PERMAFAILED_JOBS)) {
            jobs = delete(connection, deletePermanentlyFailedJobs);
        }
        if (options.includes(CleanupTask.GC_TASK_IDENTIFIERS)) {
            identifiers = deleteTaskIdentifiersNoJobUses(connection, options.taskIdentifiersToKeep());
        }
        if (options.includes(CleanupTask.GC_JOB_QUEUES)) {
            queues = delete(connection, deleteEmptyJobQueues);
        }
        return new CleanupResult(jobs, identifiers, queues);
    }

    /*
     * Jobs refer to task and queue rows without foreign keys. add_job first upserts the task and queue
     * rows, then inserts the job in a later statement of the same transaction, holding a ROW EXCLUSIVE
     * lock on both tables from the first statement on. Without this lock, a cleanup between those
     * statements, or after the insert but before the commit, would delete a row the new job needs:
     * the job would be dropped, lose its queue, or never be claimed. SHARE ROW EXCLUSIVE waits for
     * those transactions to end and keeps new ones out until the cleanup commits; it also keeps two
     * cleanups apart. Tables are taken in add_job's order, which rules out a deadlock with it.
     */
    private void lockTablesThatJobsReferTo(Connection connection, CleanupOptions options) throws SQLException {
        List<String> tables = new ArrayList<>();
        if (options.includes(CleanupTask.GC_TASK_IDENTIFIERS)) {
            tables.add(schema + "._private_tasks");
        }
        if (options.includes(CleanupTask.GC_JOB_QUEUES)) {
            tables.add(schema + "._private_job_queues");
        }
        if (!tables.isEmpty()) {
            try (Statement lock = connection.createStatement()) {
                lock.execute("lock table " + String.join(", ", tables) + " in share row exclusive mode");
            }
        }
    }

    private long deleteTaskIdentifiersNoJobUses(Connection connection, Set<String> toKeep) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(deleteUnusedTaskIdentifiers)) {
            statement.setArray(1, connection.createArrayOf("text", toKeep.toArray()));
            return statement.executeLargeUpdate();
        }
    }

    private static long delete(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate(sql);
        }
    }
}
