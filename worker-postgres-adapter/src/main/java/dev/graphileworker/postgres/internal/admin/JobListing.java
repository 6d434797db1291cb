package dev.graphileworker.postgres.internal.admin;

import dev.graphileworker.api.admin.JobPage;
import dev.graphileworker.api.admin.JobView;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.admin.JobStates;
import dev.graphileworker.domain.admin.PageCursor;
import dev.graphileworker.postgres.internal.sql.JobRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads jobs for operators. Pages are keyed on the primary key: {@code order by id} with {@code id <}
 * (or {@code >}) the cursor's id, and one row more than the page to know whether another page follows.
 * A job's state is decided with the transaction's {@code now()}, the same instant the filter used.
 */
final class JobListing {

    private final String schema;
    private final JobRows jobRows;

    JobListing(String schema, JobRows jobRows) {
        this.schema = schema;
        this.jobRows = jobRows;
    }

    JobPage page(Connection connection, SqlCondition filter, PageRequest page) throws SQLException {
        boolean newestFirst = page.order() == PageRequest.Order.NEWEST_FIRST;
        SqlCondition condition = filter;
        if (page.after().isPresent()) {
            long lastId = PageCursor.lastJobId(page.after().get());
            condition = condition.and(SqlCondition.of(newestFirst ? "j.id < ?" : "j.id > ?", SqlParameter.number(lastId)));
        }
        List<JobView> jobs = read(connection, condition, "order by j.id " + (newestFirst ? "desc" : "asc")
                + " limit " + (page.limit() + 1));
        if (jobs.size() <= page.limit()) {
            return new JobPage(jobs, Optional.empty());
        }
        List<JobView> shown = jobs.subList(0, page.limit());
        return new JobPage(shown, Optional.of(PageCursor.after(shown.get(shown.size() - 1).job().id())));
    }

    /** The jobs a condition matches, counted in one statement (a scan of what the condition cannot narrow by index). */
    long count(Connection connection, SqlCondition condition) throws SQLException {
        String sql = "select count(*) from " + schema + "._private_jobs as j where " + condition.sql();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            condition.bind(statement, 1);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    Optional<JobView> one(Connection connection, SqlCondition condition) throws SQLException {
        return read(connection, condition, "").stream().findFirst();
    }

    /** Checks the cursor before any statement, so that a bad one is the caller's error, not the database's. */
    static void checkCursor(PageRequest page) {
        page.after().ifPresent(PageCursor::lastJobId);
    }

    private List<JobView> read(Connection connection, SqlCondition condition, String orderAndLimit)
            throws SQLException {
        Instant now = transactionTime(connection);
        String sql = "select " + jobRows.columns("j") + " from " + schema + "._private_jobs as j where "
                + condition.sql() + " " + orderAndLimit;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            condition.bind(statement, 1);
            try (ResultSet rows = statement.executeQuery()) {
                List<JobRow> jobs = jobRows.readAll(connection, rows);
                return jobs.stream().map(job -> new JobView(job, JobStates.of(job, now))).toList();
            }
        }
    }

    /** {@code now()} is the transaction's start: the instant every statement of the transaction sees. */
    static Instant transactionTime(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select now()");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getTimestamp(1).toInstant();
        }
    }
}
