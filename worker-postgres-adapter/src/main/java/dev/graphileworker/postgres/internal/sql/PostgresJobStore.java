package dev.graphileworker.postgres.internal.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.TaskLimit;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.JobCompletion;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.port.JobStore;
import dev.graphileworker.postgres.internal.schema.HistorySchema;
import dev.graphileworker.postgres.internal.schema.LimitsSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import javax.sql.DataSource;

/**
 * The worker's statements: claim a batch, complete, fail, release. Each is one statement in its own
 * transaction; none calls a SQL function, so they work on schemas installed by either runtime.
 *
 * <p>When a history of finished jobs is kept, the completing statement and the failing one also
 * insert their finished jobs into the history table, in the same statement (a data-modifying
 * {@code with}), so that a job is recorded exactly when it is completed or permanently failed. Without
 * history the statements are exactly those of a store that knows nothing of it.
 *
 * <p>Unless claims are durable, a claim's transaction commits without waiting for its WAL to reach
 * the disk ({@code synchronous_commit} off for that transaction alone, set by the statement itself).
 * Losing a claim loses no job: a PostgreSQL crash in the fraction of a second before the WAL is
 * flushed leaves the job as it was before the claim, waiting, and it runs again. Every other statement
 * (adding, completing, failing, releasing) stays synchronous, and its flush carries any claim before it.
 */
public final class PostgresJobStore implements JobStore {

    private static final String FLAGS_CLAUSE = "and (jobs.flags is null or not (jobs.flags ??| ?::text[]))";

    /**
     * Joined into a claim's update unless claims are durable: a one-row subquery that sets
     * {@code synchronous_commit} off until the claim's transaction ends, so that its commit does not
     * wait for a disk flush (half the flushes of a job's life; see the class comment for what it risks).
     */
    private static final String ASYNC_COMMIT_JOIN =
            ", (select set_config('synchronous_commit', 'off', true)) as async_commit";

    /** How many claim statements of each kind are kept built: more than the loop's claim sizes. */
    private static final int MAX_CACHED_CLAIMS = 64;

    /** First half of the advisory lock key of a limited task's claims ("gwtl"); the second is a hash of schema and task. */
    static final int LIMITED_CLAIM_LOCK_CLASS = 0x6777746c;

    private final DataSource dataSource;
    private final String schema;
    private final Optional<String> limitsSchema;
    private final Map<String, String> limitedClaims = new ConcurrentHashMap<>();
    private final JobRows jobRows;
    /** Claim statements by limit, without forbidden flags (index 0) and with (index 1). */
    private final List<Map<Integer, String>> claims = List.of(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    private final String complete;
    private final String completeOne;
    private final String fail;
    private final boolean keepsHistory;
    private final String release;
    private final String releaseStaleLocks;
    /** {@link #ASYNC_COMMIT_JOIN}, or nothing when claims are durable. */
    private final String claimCommitJoin;
    private final JobTableStatistics statistics;

    /**
     * @param dataSource where to run the statements
     * @param schema the quoted schema name
     * @param jobRows reads claimed jobs
     */
    public PostgresJobStore(DataSource dataSource, String schema, JobRows jobRows) {
        this(dataSource, schema, jobRows, Optional.empty());
    }

    /**
     * @param dataSource where to run the statements
     * @param schema the quoted schema name
     * @param jobRows reads claimed jobs
     * @param historySchema the quoted name of the history schema, when finished jobs are recorded
     */
    public PostgresJobStore(DataSource dataSource, String schema, JobRows jobRows, Optional<String> historySchema) {
        this(dataSource, schema, jobRows, historySchema, Optional.empty());
    }

    /**
     * @param dataSource where to run the statements
     * @param schema the quoted schema name
     * @param jobRows reads claimed jobs
     * @param historySchema the quoted name of the history schema, when finished jobs are recorded
     * @param limitsSchema the quoted name of the limits schema ({@link LimitsSchema}), when tasks have
     *     rate limits
     */
    public PostgresJobStore(DataSource dataSource, String schema, JobRows jobRows, Optional<String> historySchema,
            Optional<String> limitsSchema) {
        this(dataSource, schema, jobRows, historySchema, limitsSchema, false);
    }

    /**
     * @param dataSource where to run the statements
     * @param schema the quoted schema name
     * @param jobRows reads claimed jobs
     * @param historySchema the quoted name of the history schema, when finished jobs are recorded
     * @param limitsSchema the quoted name of the limits schema ({@link LimitsSchema}), when tasks have
     *     rate limits
     * @param durableClaims whether a claim's commit waits for its WAL to reach the disk, as every
     *     other statement's does (see the class comment)
     */
    public PostgresJobStore(DataSource dataSource, String schema, JobRows jobRows, Optional<String> historySchema,
            Optional<String> limitsSchema, boolean durableClaims) {
        this.dataSource = dataSource;
        this.claimCommitJoin = durableClaims ? "" : ASYNC_COMMIT_JOIN;
        this.schema = schema;
        this.statistics = new JobTableStatistics(schema);
        this.limitsSchema = limitsSchema;
        this.keepsHistory = historySchema.isPresent();
        this.jobRows = jobRows;
        this.complete = historySchema.map(history -> completeRecordingHistory(schema, history)).orElse(
                "with completed as (delete from " + schema + "._private_jobs as jobs "
                + "where jobs.id = any(?::bigint[]) returning jobs.job_queue_id) "
                + unlockQueuesOf("completed", schema));
        // One job by "id = ?": PostgreSQL then reuses its plan, where "= any(array)" has it plan each
        // completion anew (0.1 ms, three times what the delete itself takes).
        this.completeOne = "with completed as (delete from " + schema + "._private_jobs as jobs "
                + "where jobs.id = ? returning jobs.job_queue_id) " + unlockQueuesOf("completed", schema);
        this.fail = historySchema.map(history -> failRecordingHistory(schema, history)).orElse(
                "with failed as (update " + schema + "._private_jobs as jobs "
                + "set last_error = f.message, "
                + "run_at = greatest(now(), jobs.run_at) + make_interval(secs => f.delay_seconds), "
                + "locked_by = null, locked_at = null, updated_at = now(), "
                + "payload = coalesce(f.payload::json, jobs.payload) "
                + "from unnest(?::bigint[], ?::text[], ?::float8[], ?::text[]) as f(id, message, delay_seconds, payload) "
                + "where jobs.id = f.id and jobs.locked_by = ? returning jobs.job_queue_id) "
                + unlockQueuesOf("failed", schema));
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
     *
     * The limit is written into the statement, not passed as a parameter: knowing it, PostgreSQL
     * plans the statement once per connection and reuses the plan (about 0.005 ms), whereas with a
     * parameter its reusable plan looks worse than planning anew, which it then does on every claim
     * (about 0.3 ms, more than the claim itself takes). The loop claims in few sizes
     * (LoopState's claim sizes), so each connection prepares few statements.
     *
     * The chosen jobs are sorted (by id; the worker orders its local queue itself) only for what a
     * sort does: it reads all its input first, so every candidate is locked before the first one is
     * updated. Without it the update pulls one candidate at a time, and the index scan that finds the
     * next candidate runs between updates of the table it walks; with four workers sharing a queue
     * that made each claim about a third slower (pgbench, four clients, claims of 500), with one
     * worker it made no difference.
     */
    private String claimStatement(boolean withFlags, int limit) {
        Map<Integer, String> byLimit = claims.get(withFlags ? 1 : 0);
        String cached = byLimit.get(limit);
        if (cached != null) {
            return cached;
        }
        String statement = claimStatement(schema, jobRows, "with",
                "jobs.task_id = any(array(select id from " + schema + "._private_tasks"
                + "   where identifier = any(?::text[])))",
                withFlags ? FLAGS_CLAUSE : "", Integer.toString(limit), claimCommitJoin, "", "");
        if (byLimit.size() < MAX_CACHED_CLAIMS) {
            byLimit.put(limit, statement);
        }
        return statement;
    }

    /*
     * The claim statement, around: what comes before the candidates (the leading "with" and any
     * common table expressions), the condition on the task, the limit, and, when not empty, the name
     * under which the final update becomes a common table expression and what follows it.
     */
    private static String claimStatement(String schema, JobRows jobRows, String leading, String taskClause,
            String flagsClause, String limit, String commitJoin, String claimedAs, String trailing) {
        return leading + " candidates as ("
                + " select jobs.id, jobs.job_queue_id, jobs.priority, jobs.run_at"
                + " from " + schema + "._private_jobs as jobs"
                + " where jobs.is_available = true and jobs.run_at <= now()"
                + " and " + taskClause
                + " " + flagsClause
                + " and (jobs.job_queue_id is null or exists (select 1 from " + schema + "._private_job_queues as queues"
                + "   where queues.id = jobs.job_queue_id"
                + "   and (queues.locked_at is null or queues.locked_at < " + LockTimeoutSql.STALE_BEFORE + ")"
                + "   for update skip locked))"
                // Exactly the key of jobs_main_index: the limit stops the index scan early. A tie-break on
                // id would sort every job due at the same instant (a bulk add_jobs) on each claim.
                + " order by jobs.priority, jobs.run_at"
                + " limit " + limit
                + " for update of jobs skip locked),"
                + " first_of_each_queue as ("
                + " select distinct on (job_queue_id) id, job_queue_id from candidates"
                + " where job_queue_id is not null order by job_queue_id, priority, run_at, id),"
                + " chosen as ("
                + " select id, job_queue_id, null::text as queue_name from candidates where job_queue_id is null"
                + " union all select head.id, head.job_queue_id, queues.queue_name from first_of_each_queue as head"
                + "   join " + schema + "._private_job_queues as queues on queues.id = head.job_queue_id"
                // Sorted to lock every candidate before the first update; see above.
                + " order by id),"
                + " locked_queues as ("
                + " update " + schema + "._private_job_queues as queues set locked_by = ?, locked_at = now()"
                + " from chosen where queues.id = chosen.job_queue_id)"
                + (claimedAs.isEmpty() ? "" : ", " + claimedAs + " as (")
                + " update " + schema + "._private_jobs as jobs"
                + " set attempts = jobs.attempts + 1, locked_by = ?, locked_at = now()"
                + " from chosen, " + schema + "._private_tasks as tasks" + commitJoin
                + " where jobs.id = chosen.id and tasks.id = jobs.task_id"
                + " returning " + jobRows.columns("jobs", "chosen.queue_name", "tasks.identifier")
                + (claimedAs.isEmpty() ? "" : ")" + trailing);
    }

    /*
     * The claim of one limited task: the claim statement above, for one task, limited to what its
     * limits allow. Run after the advisory lock of the task is taken, in the same transaction, so that
     * its snapshot sees every claim of the task committed before (a statement that took the lock itself
     * would keep the snapshot it began with). Parameters: the task identifier, the jobs wanted, then
     * the most running (withRunning), then the most starts, the task identifier and the window in
     * seconds (withRate), then the forbidden flags (withFlags), the worker id twice, then the task
     * identifier, the window in seconds and the task identifier (withRate).
     *
     * The running count reads the task's locked jobs: graphile-worker's schema has no index on locks
     * (and nothing may be added to it), so it is a scan of the jobs table, cheap beside the claim
     * while the table is small; docs/library.md, "Concurrency limits", gives the measured cost.
     */
    private static String limitedClaimStatement(String schema, JobRows jobRows, String limits, String commitJoin,
            boolean withRunning, boolean withRate, boolean withFlags) {
        String leading = "with task as (select id from " + schema + "._private_tasks where identifier = ?),"
                + " allowance as (select greatest(0, least(?::int"
                + (withRunning ? ", ?::int - (select count(*)::int from " + schema + "._private_jobs as running"
                        + " where running.task_id = (select id from task) and " + LockTimeoutSql.isLocked("running")
                        + ")" : "")
                + (withRate ? ", ?::int - (select count(*)::int from " + limits + "." + LimitsSchema.TABLE
                        + " as recent where recent.task_identifier = ?"
                        + " and recent.started_at > now() - make_interval(secs => ?::float8))" : "")
                + ")) as allowed),";
        String trailing = withRate
                ? ", pruned as (delete from " + limits + "." + LimitsSchema.TABLE + " as old"
                        + " where old.task_identifier = ? and old.started_at <= now() - make_interval(secs => ?::float8)),"
                        + " started as (insert into " + limits + "." + LimitsSchema.TABLE + " (task_identifier, started_at)"
                        + " select ?, now() from claimed)"
                : "";
        return claimStatement(schema, jobRows, leading, "jobs.task_id = (select id from task)",
                withFlags ? FLAGS_CLAUSE : "", "(select allowed from allowance)", commitJoin, "claimed", trailing)
                + " select * from claimed";
    }

    /*
     * Parameters: job ids, their run times in seconds, the worker id (recorded), the worker id (queues).
     * The deleted rows carry everything an entry holds but the names, joined in from tasks and queues.
     */
    private static String completeRecordingHistory(String schema, String history) {
        return "with completed as (delete from " + schema + "._private_jobs as jobs"
                + " using unnest(?::bigint[], ?::float8[]) as c(id, run_seconds) where jobs.id = c.id"
                + " returning jobs.id, jobs.job_queue_id, jobs.task_id, jobs.key, jobs.payload, jobs.attempts,"
                + " c.run_seconds),"
                + " recorded as (" + insertIntoHistory(history)
                + " select completed.id, tasks.identifier, queues.queue_name, completed.key, completed.payload,"
                + " completed.attempts, 'completed', null, ?, make_interval(secs => completed.run_seconds)"
                + " from completed join " + schema + "._private_tasks as tasks on tasks.id = completed.task_id"
                + " left join " + schema + "._private_job_queues as queues on queues.id = completed.job_queue_id"
                + " order by completed.id) "
                + unlockQueuesOf("completed", schema);
    }

    /*
     * Parameters: job ids, messages, delays, replacement payloads, run times in seconds, the worker id
     * (locks), the worker id (recorded), the worker id (queues). Only jobs whose attempts reached their
     * max attempts are recorded: the others will run again. The entry keeps the payload the job ran
     * with ("ran", the row as the statement began), not the one a batch job keeps for its retry.
     */
    private static String failRecordingHistory(String schema, String history) {
        return "with failed as (update " + schema + "._private_jobs as jobs "
                + "set last_error = f.message, "
                + "run_at = greatest(now(), jobs.run_at) + make_interval(secs => f.delay_seconds), "
                + "locked_by = null, locked_at = null, updated_at = now(), "
                + "payload = coalesce(f.payload::json, jobs.payload) "
                + "from unnest(?::bigint[], ?::text[], ?::float8[], ?::text[], ?::float8[])"
                + " as f(id, message, delay_seconds, payload, run_seconds), "
                + schema + "._private_jobs as ran "
                + "where jobs.id = f.id and ran.id = f.id and jobs.locked_by = ? "
                + "returning jobs.id, jobs.job_queue_id, jobs.task_id, jobs.key, ran.payload, jobs.attempts,"
                + " jobs.max_attempts, jobs.last_error, f.run_seconds),"
                + " recorded as (" + insertIntoHistory(history)
                + " select failed.id, tasks.identifier, queues.queue_name, failed.key, failed.payload,"
                + " failed.attempts, 'permanently_failed', failed.last_error, ?,"
                + " make_interval(secs => failed.run_seconds)"
                + " from failed join " + schema + "._private_tasks as tasks on tasks.id = failed.task_id"
                + " left join " + schema + "._private_job_queues as queues on queues.id = failed.job_queue_id"
                + " where failed.attempts >= failed.max_attempts order by failed.id) "
                + unlockQueuesOf("failed", schema);
    }

    private static String insertIntoHistory(String history) {
        return "insert into " + history + "." + HistorySchema.TABLE + " (job_id, task_identifier, queue_name, key,"
                + " payload, attempts, outcome, last_error, worker_id, run_time)";
    }

    private static String unlockQueuesOf(String settled, String schema) {
        return "update " + schema + "._private_job_queues as queues set locked_by = null, locked_at = null "
                + "where queues.id in (select job_queue_id from " + settled + ") and queues.locked_by = ?";
    }

    @Override
    public List<JobRow> claimJobs(String workerId, Set<String> taskIdentifiers, Set<String> forbiddenFlags, int limit) {
        return claimJobs(workerId, taskIdentifiers, forbiddenFlags, limit, count -> { });
    }

    @Override
    public List<JobRow> claimJobs(String workerId, Set<String> taskIdentifiers, Set<String> forbiddenFlags, int limit,
            IntConsumer returned) {
        if (taskIdentifiers.isEmpty() || limit < 1) {
            returned.accept(0);
            return List.of();
        }
        boolean withFlags = !forbiddenFlags.isEmpty();
        // Scrollable, to count the rows before reading them: the driver holds them all in memory either way.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(claimStatement(withFlags, limit),
                        ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
            int i = 1;
            statement.setArray(i++, connection.createArrayOf("text", taskIdentifiers.toArray()));
            if (withFlags) {
                statement.setArray(i++, connection.createArrayOf("text", forbiddenFlags.toArray()));
            }
            statement.setString(i++, workerId);
            statement.setString(i, workerId);
            List<JobRow> claimed;
            try (ResultSet rows = statement.executeQuery()) {
                returned.accept(rows.last() ? rows.getRow() : 0);
                rows.beforeFirst();
                claimed = jobRows.readAll(connection, rows);
            }
            statistics.afterClaim(connection, claimed);
            return claimed;
        } catch (SQLException e) {
            throw new WorkerException("Could not claim jobs: " + e.getMessage(), e);
        }
    }

    @Override
    public List<JobRow> claimLimitedJobs(String workerId, TaskLimit limit, Set<String> forbiddenFlags, int wanted) {
        if (wanted < 1) {
            return List.of();
        }
        boolean withRunning = limit.maxRunning().isPresent();
        boolean withRate = limit.maxStarts().isPresent();
        boolean withFlags = !forbiddenFlags.isEmpty();
        if (withRate && limitsSchema.isEmpty()) {
            throw new WorkerException("Task " + limit.taskIdentifier() + " has a rate limit, but this store was made"
                    + " without the schema that records starts");
        }
        String sql = limitedClaims.computeIfAbsent((withRunning ? "r" : "") + (withRate ? "s" : "") + (withFlags ? "f" : ""),
                key -> limitedClaimStatement(schema, jobRows, limitsSchema.orElse(null), claimCommitJoin, withRunning,
                        withRate, withFlags));
        String task = limit.taskIdentifier();
        double window = limit.per().map(PostgresJobStore::seconds).orElse(0.0);
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            List<JobRow> claimed;
            try {
                connection.setAutoCommit(false);
                try (PreparedStatement lock = connection.prepareStatement(
                        "select pg_advisory_xact_lock(?, hashtext(?))")) {
                    lock.setInt(1, LIMITED_CLAIM_LOCK_CLASS);
                    lock.setString(2, schema + "." + task);
                    lock.execute();
                }
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    int i = 1;
                    statement.setString(i++, task);
                    statement.setInt(i++, wanted);
                    if (withRunning) {
                        statement.setInt(i++, limit.maxRunning().getAsInt());
                    }
                    if (withRate) {
                        statement.setInt(i++, limit.maxStarts().getAsInt());
                        statement.setString(i++, task);
                        statement.setDouble(i++, window);
                    }
                    if (withFlags) {
                        statement.setArray(i++, connection.createArrayOf("text", forbiddenFlags.toArray()));
                    }
                    statement.setString(i++, workerId);
                    statement.setString(i++, workerId);
                    if (withRate) {
                        statement.setString(i++, task);
                        statement.setDouble(i++, window);
                        statement.setString(i, task);
                    }
                    try (ResultSet rows = statement.executeQuery()) {
                        claimed = jobRows.readAll(connection, rows);
                    }
                }
                connection.commit();
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.setAutoCommit(autoCommit);
            }
            statistics.afterClaim(connection, claimed);
            return claimed;
        } catch (SQLException e) {
            throw new WorkerException("Could not claim jobs of " + task + ": " + e.getMessage(), e);
        }
    }

    /** With history kept, as {@link #completeJobsWithRunTimes} with run times of zero (not measured). */
    @Override
    public void completeJobs(String workerId, Collection<Long> jobIds) {
        if (keepsHistory) {
            completeJobsWithRunTimes(workerId, jobIds.stream().map(id -> new JobCompletion(id, Duration.ZERO)).toList());
            return;
        }
        if (jobIds.size() == 1) {
            long jobId = jobIds.iterator().next();
            execute("complete job " + jobId, completeOne, (connection, statement) -> {
                statement.setLong(1, jobId);
                statement.setString(2, workerId);
            });
            return;
        }
        execute("complete jobs " + jobIds, complete, (connection, statement) -> {
            statement.setArray(1, connection.createArrayOf("bigint", jobIds.toArray()));
            statement.setString(2, workerId);
        });
    }

    @Override
    public void completeJobsWithRunTimes(String workerId, List<JobCompletion> completions) {
        if (!keepsHistory) {
            completeJobs(workerId, completions.stream().map(JobCompletion::jobId).toList());
            return;
        }
        execute("complete jobs " + completions.stream().map(JobCompletion::jobId).toList(), complete,
                (connection, statement) -> {
                    statement.setArray(1, connection.createArrayOf("bigint",
                            completions.stream().map(JobCompletion::jobId).toArray()));
                    statement.setArray(2, connection.createArrayOf("float8",
                            completions.stream().map(c -> seconds(c.runTime())).toArray()));
                    statement.setString(3, workerId);
                    statement.setString(4, workerId);
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
            int next = 5;
            if (keepsHistory) {
                statement.setArray(next++, connection.createArrayOf("float8",
                        failures.stream().map(f -> seconds(f.runTime())).toArray()));
                statement.setString(next++, workerId);
            }
            statement.setString(next++, workerId);
            statement.setString(next, workerId);
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

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
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
