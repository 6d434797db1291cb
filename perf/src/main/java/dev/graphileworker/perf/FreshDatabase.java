package dev.graphileworker.perf;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A database of its own for one measurement, dropped on close. Jobs are added with the SQL API. */
final class FreshDatabase implements AutoCloseable {

    /** One {@code add_jobs} call carries at most this many jobs, to keep the array's memory modest. */
    private static final int MOST_JOBS_PER_CALL = 200_000;

    private final PostgresServer server;
    private final String name;

    FreshDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    String name() {
        return name;
    }

    String uri() {
        return server.uri(name);
    }

    Connection connect() throws SQLException {
        return server.connect(name);
    }

    /**
     * Adds {@code count} {@code noop} jobs with payloads {@code {"id": n}}, in one {@code add_jobs}
     * call per {@value #MOST_JOBS_PER_CALL} jobs.
     */
    void addNoopJobs(int count) throws SQLException {
        try (Connection connection = connect(); PreparedStatement addJobs = connection.prepareStatement(
                "select count(*) from graphile_worker.add_jobs(array("
                        + " select row('noop', json_build_object('id', n), null, null, null, null, null, null)"
                        + "::graphile_worker.job_spec from generate_series(?, ?) as n))")) {
            for (int first = 1; first <= count; first += MOST_JOBS_PER_CALL) {
                int last = Math.min(count, first + MOST_JOBS_PER_CALL - 1);
                addJobs.setInt(1, first);
                addJobs.setInt(2, last);
                try (ResultSet added = addJobs.executeQuery()) {
                    added.next();
                    if (added.getLong(1) != last - first + 1) {
                        throw new IllegalStateException("add_jobs added " + added.getLong(1) + " jobs, not "
                                + (last - first + 1));
                    }
                }
            }
        }
    }

    /** Adds one job with {@code add_job}; {@code payloadJson} is a JSON object. */
    void addJob(String identifier, String payloadJson) throws SQLException {
        try (Connection connection = connect(); PreparedStatement addJob = connection.prepareStatement(
                "select graphile_worker.add_job(?, ?::json)")) {
            addJob.setString(1, identifier);
            addJob.setString(2, payloadJson);
            addJob.execute();
        }
    }

    /**
     * Brings the job table to a settled state, so autovacuum of rows just added does not land in
     * the middle of one run and not another.
     */
    void settle() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("vacuum analyze graphile_worker._private_jobs");
        }
    }

    long countJobs() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("select count(*) from graphile_worker._private_jobs")) {
            count.next();
            return count.getLong(1);
        }
    }

    /** @return how many finished jobs our worker recorded, with {@code --keep-history} */
    long countHistory() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("select count(*) from graphile_worker_history.job_history")) {
            count.next();
            return count.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        server.dropDatabase(name);
    }
}
