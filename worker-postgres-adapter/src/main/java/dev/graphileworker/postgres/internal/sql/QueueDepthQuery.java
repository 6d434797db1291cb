package dev.graphileworker.postgres.internal.sql;

import dev.graphileworker.api.QueueDepth;
import dev.graphileworker.api.WorkerException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Counts jobs by state in one scan of the jobs table. */
public final class QueueDepthQuery {

    private final String sql;

    /** @param schema the quoted schema name */
    public QueueDepthQuery(String schema) {
        this.sql = "select"
                + " count(*) filter (where locked_at is null and attempts < max_attempts and run_at <= now()),"
                + " count(*) filter (where locked_at is null and attempts < max_attempts and run_at > now()),"
                + " count(*) filter (where locked_at is not null),"
                + " count(*) filter (where locked_at is null and attempts >= max_attempts)"
                + " from " + schema + "._private_jobs";
    }

    /**
     * @param connection where to count
     * @return the counts
     */
    public QueueDepth count(Connection connection) {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return new QueueDepth(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
        } catch (SQLException e) {
            throw new WorkerException("Could not count the jobs: " + e.getMessage(), e);
        }
    }
}
