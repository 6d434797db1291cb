package dev.graphileworker.postgres;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.TestInfo;

/**
 * A migrated schema of one test's own, holding bystander jobs that a hostile or broken call must
 * leave alone, with the queue as it was before the test and helpers to run SQL in it.
 */
final class BystanderQueue implements AutoCloseable {

    private final TestDatabase database;
    private final String schema;
    private final String quoted;
    private final WorkerUtils utils;
    private final QueueSnapshot before;

    private BystanderQueue(TestDatabase database, String schema) throws SQLException {
        this.database = database;
        this.schema = schema;
        this.quoted = "\"" + schema.replace("\"", "\"\"") + "\"";
        GraphileWorker.runMigrations(options().build());
        addBystanders();
        this.utils = GraphileWorker.workerUtils(options().build());
        this.before = now();
    }

    /** @param prefix a short lower-case word that starts the schema name */
    static BystanderQueue forTest(TestDatabase database, String prefix, TestInfo test) throws SQLException {
        String schema = (prefix + "_" + test.getTestMethod().orElseThrow().getName()).toLowerCase();
        return new BystanderQueue(database, schema.substring(0, Math.min(schema.length(), 63)));
    }

    String schema() {
        return schema;
    }

    /** @return the schema name quoted for SQL text */
    String quoted() {
        return quoted;
    }

    /** @return utilities on this schema, closed with this queue */
    WorkerUtils utils() {
        return utils;
    }

    /** @return the queue as it was when the test started (bystanders only) */
    QueueSnapshot before() {
        return before;
    }

    /** @return worker options for this schema and the test database */
    WorkerOptions.Builder options() {
        return WorkerOptions.builder().connectionString(database.connectionString()).schema(schema);
    }

    QueueSnapshot now() throws SQLException {
        return QueueSnapshot.of(database.dataSource(), quoted);
    }

    /** Runs a query with bind parameters. @return the first column of its first row */
    String text(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    long number(String sql, Object... parameters) throws SQLException {
        return Long.parseLong(text(sql, parameters));
    }

    /** @return task, queue, key and payload text of a stored job */
    List<String> storedJob(long id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("select t.identifier, q.queue_name,"
                        + " j.key, j.payload::text from " + quoted + "._private_jobs as j join " + quoted
                        + "._private_tasks as t on t.id = j.task_id left join " + quoted
                        + "._private_job_queues as q on q.id = j.job_queue_id where j.id = ?")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError("no job " + id + " in " + quoted);
                }
                return Arrays.asList(row.getString(1), row.getString(2), row.getString(3), row.getString(4));
            }
        }
    }

    @Override
    public void close() {
        utils.close();
    }

    /** Keyed, queued, flagged, scheduled, failed, and one running (locked, with its queue) elsewhere. */
    private void addBystanders() throws SQLException {
        String s = quoted;
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("select " + s + ".add_job('bystander', '{\"keep\":\"me\"}',"
                    + " queue_name => 'bystander-queue', job_key => 'bystander-key',"
                    + " flags => array['bystander-flag'])");
            // Keys that look like patterns, in case anything compared keys with LIKE.
            statement.execute("select " + s + ".add_job('bystander', '{\"n\":2}', job_key => '%')");
            statement.execute("select " + s + ".add_job('bystander', '{\"n\":3}', job_key => '_')");
            statement.execute("select " + s + ".add_job('bystander', '[1,2,3]',"
                    + " run_at => now() + interval '1 day', priority => 5, max_attempts => 3)");
            statement.execute("select " + s + ".permanently_fail_jobs("
                    + "array[(" + s + ".add_job('bystander', '{}')).id], 'failed before the test')");
            statement.execute("update " + s + "._private_jobs set locked_at = now(), locked_by = 'bystander-worker',"
                    + " attempts = 1 where id = (" + s + ".add_job('bystander-running', '{}',"
                    + " queue_name => 'bystander-running-queue')).id");
            statement.execute("update " + s + "._private_job_queues set locked_at = now(),"
                    + " locked_by = 'bystander-worker' where queue_name = 'bystander-running-queue'");
        }
    }
}
