package dev.graphileworker.postgres.internal.presence;

import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.port.WorkerSessions;
import dev.graphileworker.domain.worker.WorkerIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Finds the workers' sessions in {@code pg_stat_activity} by their {@link SessionName}, and unlocks
 * a dead worker's jobs with graphile-worker's own {@code force_unlock_workers}, so that the outcome is
 * the one an operator gets from the function (attempts kept, run at unchanged). Freed jobs are
 * announced on {@code jobs:insert}, as {@code add_job} announces new ones, so that idle workers
 * (of either runtime) take them at once rather than at their next poll.
 *
 * <p>{@code pg_stat_activity} shows {@code application_name} of every session in the cluster to
 * every role (only the query, state and client address are hidden from roles that are not the
 * session's own, a superuser or in {@code pg_read_all_stats}), so no special privilege is needed. Where
 * sessions are hidden all the same (a pooler that renames them, a restricted view), the census does
 * not show the worker's own session, and the detector then decides nothing.
 */
public final class PostgresWorkerSessions implements WorkerSessions {

    private static final String CENSUS = "select distinct substr(application_name, "
            + (SessionName.PREFIX.length() + 1) + ") from pg_catalog.pg_stat_activity"
            + " where datname = current_database() and application_name like '" + SessionName.PREFIX + "%'";
    private static final String ANNOUNCE =
            "select pg_notify('jobs:insert', format('{\"r\":%s,\"count\":%s}', random(), ?::int))";

    private final DataSource dataSource;
    private final String lockHolders;
    private final String countLockedJobs;
    private final String forceUnlock;

    /**
     * @param dataSource where to look and unlock
     * @param schema the quoted schema name
     */
    public PostgresWorkerSessions(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        // No index covers locked_by: both tables are scanned, which is why the detector asks for this
        // only about once per recovery time.
        this.lockHolders = "select locked_by from " + schema + "._private_jobs where starts_with(locked_by, ?)"
                + " union select locked_by from " + schema + "._private_job_queues where starts_with(locked_by, ?)";
        // Locking the rows first makes the count exact: of two workers unlocking the same dead worker
        // at once, the second waits, then counts none.
        this.countLockedJobs = "with locked as (select 1 from " + schema + "._private_jobs"
                + " where locked_by = ? for update) select count(*) from locked";
        this.forceUnlock = "select " + schema + ".force_unlock_workers(array[?]::text[])";
    }

    @Override
    public Set<String> workersWithOpenSessions() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CENSUS);
                ResultSet rows = statement.executeQuery()) {
            Set<String> workers = new HashSet<>();
            while (rows.next()) {
                workers.add(rows.getString(1));
            }
            return workers;
        } catch (SQLException e) {
            throw new WorkerException("Could not list the workers' sessions: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> lockHolders() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(lockHolders)) {
            statement.setString(1, WorkerIds.SESSION_HOLDER_PREFIX);
            statement.setString(2, WorkerIds.SESSION_HOLDER_PREFIX);
            try (ResultSet rows = statement.executeQuery()) {
                Set<String> workers = new HashSet<>();
                while (rows.next()) {
                    workers.add(rows.getString(1));
                }
                return workers;
            }
        } catch (SQLException e) {
            throw new WorkerException("Could not look up the workers holding locks: " + e.getMessage(), e);
        }
    }

    @Override
    public int forceUnlock(String workerId) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                int locked = countLockedJobs(connection, workerId);
                try (PreparedStatement statement = connection.prepareStatement(forceUnlock)) {
                    statement.setString(1, workerId);
                    statement.execute();
                }
                if (locked > 0) {
                    announce(connection, locked);
                }
                connection.commit();
                return locked;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new WorkerException("Could not unlock the jobs of worker " + workerId + ": " + e.getMessage(), e);
        }
    }

    private static void announce(Connection connection, int freed) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ANNOUNCE)) {
            statement.setInt(1, freed);
            statement.execute();
        }
    }

    private int countLockedJobs(Connection connection, String workerId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(countLockedJobs)) {
            statement.setString(1, workerId);
            try (ResultSet count = statement.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        }
    }
}
