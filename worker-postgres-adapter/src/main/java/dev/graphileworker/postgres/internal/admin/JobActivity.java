package dev.graphileworker.postgres.internal.admin;

import dev.graphileworker.api.admin.Activity;
import dev.graphileworker.domain.admin.ActivityWindow;
import dev.graphileworker.postgres.internal.sql.PostgresHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Jobs completed and failed per minute: from the history table when there is one, else the failures
 * still visible in the jobs table. The minutes are the transaction's {@code now()}'s.
 *
 * <p>Without history this is a scan of the whole jobs table: graphile-worker's schema has no index on
 * {@code updated_at} or {@code last_error}, and none may be added to it. {@code docs/administration.md}
 * gives the measured cost of both.
 */
final class JobActivity {

    private final String schema;
    private final PostgresHistory history;

    JobActivity(String schema, PostgresHistory history) {
        this.schema = schema;
        this.history = history;
    }

    Activity read(Connection connection, Duration window) throws SQLException {
        ActivityWindow minutes = ActivityWindow.endingAt(JobListing.transactionTime(connection), window);
        Optional<Activity> recorded = history.activity(connection, minutes);
        return recorded.isPresent() ? recorded.get() : observed(connection, minutes);
    }

    /** Each job with a last error counts once, in the minute of its {@code updated_at}. */
    private Activity observed(Connection connection, ActivityWindow minutes) throws SQLException {
        long[] failed = new long[minutes.minutes()];
        String sql = "select date_trunc('minute', j.updated_at at time zone 'UTC') as minute, count(*) as failed"
                + " from " + schema + "._private_jobs as j"
                + " where j.last_error is not null and j.updated_at >= ? and j.updated_at < ? group by 1";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, minutes.start().atOffset(ZoneOffset.UTC));
            statement.setObject(2, minutes.end().atOffset(ZoneOffset.UTC));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    failed[minutes.minuteOf(rows.getObject("minute", LocalDateTime.class).toInstant(ZoneOffset.UTC))] =
                            rows.getLong("failed");
                }
            }
        }
        return minutes.observed(failed);
    }
}
