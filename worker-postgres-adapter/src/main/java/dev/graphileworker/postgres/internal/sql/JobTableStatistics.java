package dev.graphileworker.postgres.internal.sql;

import dev.graphileworker.domain.JobRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure, once per store, that PostgreSQL's planner has statistics of the jobs table, and
 * gathers them ({@code ANALYZE}) when it has none.
 *
 * <p>Why: a claim finds the next jobs by walking the jobs table's index in (priority, run_at) order
 * and stops after as many as it wants. Without statistics (a table never analysed since it was made,
 * or analysed only while empty) the planner guesses that a few hundred jobs match, fewer than a
 * batched claim wants, and so reads every waiting job and sorts them all instead, on every claim:
 * 200,000 jobs added at once then ran six to seven times slower, until autovacuum's next analysis
 * (a minute later at its defaults; never, where it is off). Bulk-adding jobs into a newly installed
 * schema is exactly what a first try of the worker does.
 *
 * <p>Checked after the first claim that found a job, so an idle worker never looks; the check is one
 * catalog query. Only the table's owner may analyse it, and the worker's role is its owner: row level
 * security on the table shows its rows to no other role. {@code SKIP_LOCKED}: a claim never waits
 * behind another session's vacuum or analysis of the table; when one holds it, this worker leaves the
 * statistics to that one, or to autovacuum.
 */
final class JobTableStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(JobTableStatistics.class);

    private final String jobsTable;
    private final AtomicBoolean checked = new AtomicBoolean();

    /** @param schema the quoted schema name */
    JobTableStatistics(String schema) {
        this.jobsTable = schema + "._private_jobs";
    }

    /**
     * Called after every claim, on its connection; only the first call after a claim that found jobs
     * does anything.
     */
    void afterClaim(Connection connection, List<JobRow> claimed) {
        if (claimed.isEmpty() || !checked.compareAndSet(false, true)) {
            return;
        }
        try {
            if (hasStatistics(connection)) {
                return;
            }
            SQLWarning skipped;
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("analyze (skip_locked) " + jobsTable);
                skipped = analyze.getWarnings();
            }
            if (hasStatistics(connection)) {
                LOG.info("Analysed {}: PostgreSQL had no statistics of it, without which each claim reads"
                        + " every waiting job", jobsTable);
            } else {
                LOG.info("PostgreSQL has no statistics of {}, without which each claim reads every waiting job,"
                        + " and could not gather them now ({})", jobsTable,
                        skipped == null ? "no reason given" : skipped.getMessage());
            }
        } catch (SQLException e) {
            // Claims still work without statistics, only slower; autovacuum gathers them in time.
            LOG.debug("Could not check or gather the statistics of {}", jobsTable, e);
        }
    }

    private boolean hasStatistics(Connection connection) throws SQLException {
        // Compared by name, not joined: joined to pg_stats, PostgreSQL takes 10 to 25 ms on a new connection.
        try (PreparedStatement query = connection.prepareStatement("select exists (select 1 from pg_stats"
                + " where (schemaname, tablename) = (select namespaces.nspname, tables.relname"
                + " from pg_class as tables join pg_namespace as namespaces on namespaces.oid = tables.relnamespace"
                + " where tables.oid = ?::regclass))")) {
            query.setString(1, jobsTable);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
