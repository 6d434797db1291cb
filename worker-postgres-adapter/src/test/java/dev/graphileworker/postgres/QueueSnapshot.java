package dev.graphileworker.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Every row of a schema's jobs, tasks and queues, as text, to show that a call changed nothing it
 * should not have.
 *
 * @param jobs each job row as JSON, by id
 * @param tasks each task row as JSON
 * @param queues each queue row (with its lock) as JSON
 */
record QueueSnapshot(Map<Long, String> jobs, List<String> tasks, List<String> queues) {

    static QueueSnapshot of(DataSource dataSource, String quotedSchema) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            Map<Long, String> jobs = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery(
                    "select id, row_to_json(j)::text from " + quotedSchema + "._private_jobs as j order by id")) {
                while (rows.next()) {
                    jobs.put(rows.getLong(1), rows.getString(2));
                }
            }
            return new QueueSnapshot(jobs,
                    rows(statement, "select row_to_json(t)::text from " + quotedSchema
                            + "._private_tasks as t order by id"),
                    rows(statement, "select row_to_json(q)::text from " + quotedSchema
                            + "._private_job_queues as q order by id"));
        }
    }

    /** @return the jobs other than {@code ids} */
    Map<Long, String> jobsExcept(Collection<Long> ids) {
        Map<Long, String> others = new LinkedHashMap<>(jobs);
        others.keySet().removeAll(ids);
        return others;
    }

    private static List<String> rows(Statement statement, String sql) throws SQLException {
        List<String> result = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                result.add(rows.getString(1));
            }
        }
        return result;
    }
}
