package dev.graphileworker.postgres.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reading jobs from a statement's rows: every column in its place, and no further round trip for the
 * task and queue names the statement already gave (a claim is one round trip, not two).
 */
@ExtendWith(PostgresDatabaseExtension.class)
class JobRowsTest {

    private static final String SCHEMA = "graphile_worker_job_rows";

    private final DataSource dataSource;
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final JobRows jobRows = new JobRows(() -> objectMapper, SCHEMA);
    private final JobFunctions functions = new JobFunctions(() -> objectMapper, SCHEMA, jobRows);

    JobRowsTest(TestDatabase database) {
        this.dataSource = database.dataSource();
        TestMigrator.of(dataSource, SCHEMA).migrate();
    }

    @Test
    void namesTheStatementGaveNeedNoLookUpWithOrWithoutANamedQueue() throws SQLException {
        long alone;
        long queued;
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("delete from " + SCHEMA + "._private_jobs");
            alone = functions.addJob(connection, "alone", Map.of("n", 1), AddJobOptions.defaults()).id();
            queued = functions.addJob(connection, "queued", Map.of("n", 2),
                    AddJobOptions.defaults().withQueueName("serial").withPriority(3)).id();
        }
        Connection closed = dataSource.getConnection();
        closed.close();
        List<JobRow> jobs;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select " + jobRows.columns("j", "queues.queue_name",
                        "tasks.identifier") + " from " + SCHEMA + "._private_jobs as j"
                        + " join " + SCHEMA + "._private_tasks as tasks on tasks.id = j.task_id"
                        + " left join " + SCHEMA + "._private_job_queues as queues on queues.id = j.job_queue_id"
                        + " order by j.id")) {
            // A look-up would use the closed connection, and fail.
            jobs = jobRows.readAll(closed, rows);
        }

        assertThat(jobs).extracting(JobRow::id).containsExactly(alone, queued);
        assertThat(jobs.get(0).taskIdentifier()).isEqualTo("alone");
        assertThat(jobs.get(0).queue()).isNull();
        assertThat(jobs.get(0).payload().path("n").asInt()).isEqualTo(1);
        assertThat(jobs.get(1).taskIdentifier()).isEqualTo("queued");
        assertThat(jobs.get(1).queue()).isEqualTo("serial");
        assertThat(jobs.get(1).priority()).isEqualTo(3);
        assertThat(jobs.get(1).lockedAt()).isEmpty();
        assertThat(jobs.get(1).runAt()).isEqualTo(jobs.get(1).createdAt());
    }
}
