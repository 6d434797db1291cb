package dev.graphileworker.postgres.internal.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.Job;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** Every job of a schema as the adapter reads jobs, for contract tests that look at the whole queue. */
public final class StoredJobs {

    private StoredJobs() {
    }

    /**
     * @param dataSource the database
     * @param schema the quoted schema name
     * @return every job, locked and failed ones included, ordered by id
     */
    public static List<Job> all(DataSource dataSource, String schema) {
        ObjectMapper objectMapper = new ObjectMapper();
        JobRows jobRows = new JobRows(() -> objectMapper, schema);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select " + jobRows.columns("jobs") + " from " + schema
                        + "._private_jobs as jobs order by jobs.id")) {
            return List.copyOf(jobRows.readAll(connection, rows));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
