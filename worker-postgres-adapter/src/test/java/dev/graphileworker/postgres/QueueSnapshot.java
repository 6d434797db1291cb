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
                    rows(statement, "select row_to_json(t)::text from " + quotedSchema + "._private_tasks as t order by id"),
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

    /**
     * Adds jobs that a hostile or broken call must leave alone: keyed, queued, flagged, scheduled,
     * failed, and one running (locked, with its queue) on another worker.
     */
    static void addBystanders(DataSource dataSource, String quotedSchema) throws SQLException {
        String s = quotedSchema;
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("select " + s + ".add_job('bystander', '{\"keep\":\"me\"}', queue_name => 'bystander-queue',"
                    + " job_key => 'bystander-key', flags => array['bystander-flag'])");
            // Keys that look like patterns, in case anything compared keys with LIKE.
            statement.execute("select " + s + ".add_job('bystander', '{\"n\":2}', job_key => '%')");
            statement.execute("select " + s + ".add_job('bystander', '{\"n\":3}', job_key => '_')");
            statement.execute("select " + s + ".add_job('bystander', '[1,2,3]', run_at => now() + interval '1 day',"
                    + " priority => 5, max_attempts => 3)");
            statement.execute("select " + s + ".permanently_fail_jobs(array[(" + s + ".add_job('bystander', '{}')).id],"
                    + " 'failed before the test')");
            statement.execute("update " + s + "._private_jobs set locked_at = now(), locked_by = 'bystander-worker',"
                    + " attempts = 1 where id = (" + s + ".add_job('bystander-running', '{}',"
                    + " queue_name => 'bystander-running-queue')).id");
            statement.execute("update " + s + "._private_job_queues set locked_at = now(),"
                    + " locked_by = 'bystander-worker' where queue_name = 'bystander-running-queue'");
        }
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
