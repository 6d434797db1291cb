package dev.graphileworker.postgres.internal.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.port.JobStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The worker's statements: claim a batch, complete, fail, release. Each is one statement in its own
 * transaction; none calls a SQL function, so they work on schemas installed by either runtime.
 */
public final class PostgresJobStore implements JobStore {

    private final DataSource dataSource;
    private final JobRows jobRows;
    private final String claimWithoutFlags;
    private final String claimWithFlags;
    private final String complete;
    private final String fail;
    private final String release;
    private final String releaseStaleLocks;

    /**
     * @param dataSource where to run the statements
     * @param schema the quoted schema name
     * @param jobRows reads claimed jobs
     */
    public PostgresJobStore(DataSource dataSource, String schema, JobRows jobRows) {
        this.dataSource = dataSource;
        this.jobRows = jobRows;
        this.claimWithoutFlags = claimStatement(schema, jobRows, "");
        this.claimWithFlags = claimStatement(schema, jobRows, "and (jobs.flags is null or not (jobs.flags ??| ?::text[]))");
        this.complete = "with completed as (delete from " + schema + "._private_jobs as jobs "
                + "where jobs.id = any(?::bigint[]) returning jobs.job_queue_id) "
                + unlockQueuesOf("completed", schema);
        this.fail = "with failed as (update " + schema + "._private_jobs as jobs "
                + "set last_error = f.message, "
                + "run_at = greatest(now(), jobs.run_at) + make_interval(secs => f.delay_seconds), "
                + "locked_by = null, locked_at = null, updated_at = now(), "
                + "payload = coalesce(f.payload::json, jobs.payload) "
                + "from unnest(?::bigint[], ?::text[], ?::float8[], ?::text[]) as f(id, message, delay_seconds, payload) "
                + "where jobs.id = f.id and jobs.locked_by = ? returning jobs.job_queue_id) "
                + unlockQueuesOf("failed", schema);
        this.release = "with released as (update " + schema + "._private_jobs as jobs "
                + "set locked_by = null, locked_at = null, attempts = greatest(jobs.attempts - 1, 0), "
                + "updated_at = now() where jobs.id = any(?::bigint[]) and jobs.locked_by = ? "
                + "returning jobs.job_queue_id) "
                + unlockQueuesOf("released", schema);
        this.releaseStaleLocks = "with stale_jobs as (update " + schema + "._private_jobs "
                + "set locked_at = null, locked_by = null, run_at = greatest(run_at, now()) "
                + "where locked_at < " + LockTimeoutSql.STALE_BEFORE + " returning 1), "
                + "stale_queues as (update " + schema + "._private_job_queues set locked_at = null, locked_by = null "
                + "where locked_at < " + LockTimeoutSql.STALE_BEFORE + " returning 1) "
                + "select (select count(*) from stale_jobs), (select count(*) from stale_queues)";
    }

    /*
     * Candidates are locked with SKIP LOCKED, and so is the queue row of each candidate in a named
     * queue, so concurrent claimers never pick the same job or the same queue. One statement may still
     * lock several candidates of one queue; only the first of each queue (in claim order) is taken,
     * which keeps named queues strictly serial under batching. Task identifiers and queue names come
     * from joins, built once per statement, rather than a sub-select for each returned job.
     */
    private static String claimStatement(String schema, JobRows jobRows, String flagsClause) {
        return "with candidates as ("
                + " select jobs.id, jobs.job_queue_id, jobs.priority, jobs.run_at"
                + " from " + schema + "._private_jobs as jobs"
                + " where jobs.is_available = true and jobs.run_at <= now()"
                + " and jobs.task_id = any(array(select id from " + schema + "._private_tasks"
                + "   where identifier = any(?::text[])))"
                + " " + flagsClause
                + " and (jobs.job_queue_id is null or exists (select 1 from " + schema + "._private_job_queues as queues"
                + "   where queues.id = jobs.job_queue_id"
                + "   and (queues.locked_at is null or queues.locked_at < " + LockTimeoutSql.STALE_BEFORE + ")"
                + "   for update skip locked))"
                // Exactly the key of jobs_main_index: the limit stops the index scan early. A tie-break on
                // id would sort every job due at the same instant (a bulk add_jobs) on each claim.
                + " order by jobs.priority, jobs.run_at"
                + " limit ?"
                + " for update of jobs skip locked),"
                + " first_of_each_queue as ("
                + " select distinct on (job_queue_id) id, job_queue_id from candidates"
                + " where job_queue_id is not null order by job_queue_id, priority, run_at, id),"
                + " chosen as ("
                + " select id, job_queue_id, null::text as queue_name from candidates where job_queue_id is null"
                + " union all select head.id, head.job_queue_id, queues.queue_name from first_of_each_queue as head"
                + "   join " + schema + "._private_job_queues as queues on queues.id = head.job_queue_id),"
                + " locked_queues as ("
                + " update " + schema + "._private_job_queues as queues set locked_by = ?, locked_at = now()"
                + " from chosen where queues.id = chosen.job_queue_id)"
                + " update " + schema + "._private_jobs as jobs"
                + " set attempts = jobs.attempts + 1, locked_by = ?, locked_at = now()"
                + " from chosen, " + schema + "._private_tasks as tasks"
                + " where jobs.id = chosen.id and tasks.id = jobs.task_id"
                + " returning " + jobRows.columns("jobs", "chosen.queue_name", "tasks.identifier");
    }

    private static String unlockQueuesOf(String settled, String schema) {
        return "update " + schema + "._private_job_queues as queues set locked_by = null, locked_at = null "
                + "where queues.id in (select job_queue_id from " + settled + ") and queues.locked_by = ?";
    }

    @Override
    public List<JobRow> claimJobs(String workerId, Set<String> taskIdentifiers, Set<String> forbiddenFlags, int limit) {
        if (taskIdentifiers.isEmpty() || limit < 1) {
            return List.of();
        }
        boolean withFlags = !forbiddenFlags.isEmpty();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(withFlags ? claimWithFlags : claimWithoutFlags)) {
            int i = 1;
            statement.setArray(i++, connection.createArrayOf("text", taskIdentifiers.toArray()));
            if (withFlags) {
                statement.setArray(i++, connection.createArrayOf("text", forbiddenFlags.toArray()));
            }
            statement.setInt(i++, limit);
            statement.setString(i++, workerId);
            statement.setString(i, workerId);
            try (ResultSet rows = statement.executeQuery()) {
                return jobRows.readAll(connection, rows);
            }
        } catch (SQLException e) {
            throw new WorkerException("Could not claim jobs: " + e.getMessage(), e);
        }
    }

    @Override
    public void completeJobs(String workerId, Collection<Long> jobIds) {
        execute("complete jobs " + jobIds, complete, (connection, statement) -> {
            statement.setArray(1, connection.createArrayOf("bigint", jobIds.toArray()));
            statement.setString(2, workerId);
        });
    }

    @Override
    public void failJobs(String workerId, Collection<JobFailure> failures) {
        execute("record the failure of jobs", fail, (connection, statement) -> {
            statement.setArray(1, connection.createArrayOf("bigint",
                    failures.stream().map(JobFailure::jobId).toArray()));
            statement.setArray(2, connection.createArrayOf("text",
                    failures.stream().map(f -> withoutNulCharacters(f.message())).toArray()));
            statement.setArray(3, connection.createArrayOf("float8",
                    failures.stream().map(f -> f.retryDelay().toNanos() / 1e9).toArray()));
            // Batch jobs that failed in part keep only their failed elements; null keeps the payload.
            statement.setArray(4, connection.createArrayOf("text",
                    failures.stream().map(f -> f.replacementPayload().map(JsonNode::toString).orElse(null)).toArray()));
            statement.setString(5, workerId);
            statement.setString(6, workerId);
        });
    }

    @Override
    public void releaseJobs(String workerId, Collection<Long> jobIds) {
        execute("release jobs " + jobIds, release, (connection, statement) -> {
            statement.setArray(1, connection.createArrayOf("bigint", jobIds.toArray()));
            statement.setString(2, workerId);
            statement.setString(3, workerId);
        });
    }

    @Override
    public int releaseStaleLocks() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(releaseStaleLocks);
                ResultSet counts = statement.executeQuery()) {
            counts.next();
            return counts.getInt(1);
        } catch (SQLException e) {
            throw new WorkerException("Could not release stale locks: " + e.getMessage(), e);
        }
    }

    private void execute(String what, String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(connection, statement);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new WorkerException("Could not " + what + ": " + e.getMessage(), e);
        }
    }

    /** PostgreSQL text cannot hold U+0000; an error message containing it must still be stored. */
    private static String withoutNulCharacters(String message) {
        return message.indexOf('\0') < 0 ? message : message.replace('\0', '\uFFFD');
    }

    @FunctionalInterface
    private interface Binder {
        void bind(Connection connection, PreparedStatement statement) throws SQLException;
    }
}
