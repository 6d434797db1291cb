package dev.graphileworker.cli.internal.tasks;

import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** A schema of one test's own in the class's database, and what the tests read back from it. */
final class WorkerDatabase {

    private final TestDatabase database;
    private final String schema;

    WorkerDatabase(TestDatabase database, String schema) {
        this.database = database;
        this.schema = schema.length() > 63 ? schema.substring(0, 63) : schema;
    }

    WorkerOptions.Builder options(TaskList tasks) {
        return WorkerOptions.builder().connectionString(database.connectionString()).schema(schema).taskList(tasks);
    }

    /** @return the job's attempts and last error, or empty when the job is gone (it succeeded) */
    Optional<StoredJob> job(long id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("select attempts, last_error from \""
                        + schema + "\"._private_jobs where id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new StoredJob(rows.getInt(1), rows.getString(2))) : Optional.empty();
            }
        }
    }

    record StoredJob(int attempts, String lastError) {
    }
}
