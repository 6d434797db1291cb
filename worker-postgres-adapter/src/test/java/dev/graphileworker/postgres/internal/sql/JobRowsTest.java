package dev.graphileworker.postgres.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.PGStatement;

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

    @Test
    void aJobReadsTheSameWhetherTheDriverReceivedItAsTextOrInBinary() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("delete from " + SCHEMA + "._private_jobs");
            functions.addJob(connection, "timed", Map.of("n", 1), AddJobOptions.defaults()
                    .withRunAt(Instant.parse("1999-12-31T23:59:59.999999Z")).withQueueName("q"));
            connection.createStatement().execute("update " + SCHEMA + "._private_jobs"
                    + " set locked_at = '2026-12-03 11:59:01.5+05:30', locked_by = 'w', updated_at = 'infinity'");
        }
        String select = "select " + jobRows.columns("j") + " from " + SCHEMA + "._private_jobs as j";
        List<JobRow> asText = read(select, 0);
        // A threshold of -1 has the driver ask for binary results from the statement's first use.
        List<JobRow> inBinary = read(select, -1);

        assertThat(inBinary).isEqualTo(asText).hasSize(1);
        assertThat(inBinary.get(0).runAt()).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
        assertThat(inBinary.get(0).lockedAt()).contains(Instant.parse("2026-12-03T06:29:01.500Z"));
        assertThat(inBinary.get(0).updatedAt()).isAfter(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void aPayloadIsParsedWhenFirstReadNotWhenItsRowIs() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("delete from " + SCHEMA + "._private_jobs");
            functions.addJob(connection, "lazy", Map.of("n", 7), AddJobOptions.defaults());
        }
        AtomicInteger parses = new AtomicInteger();
        JobRows counting = new JobRows(() -> {
            parses.incrementAndGet();
            return objectMapper;
        }, SCHEMA);
        List<JobRow> jobs;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select " + counting.columns("j") + " from " + SCHEMA
                        + "._private_jobs as j")) {
            jobs = counting.readAll(connection, rows);
        }
        assertThat(parses).hasValue(0);

        assertThat(jobs.get(0).payload().path("n").asInt()).isEqualTo(7);
        assertThat(jobs.get(0).payload().path("n").asInt()).isEqualTo(7);
        assertThat(parses).hasValue(1);
    }

    private List<JobRow> read(String select, int prepareThreshold) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(select)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(prepareThreshold);
            try (ResultSet rows = statement.executeQuery()) {
                boolean binary = rows.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(8) == 1;
                assertThat(binary).as("timestamps sent in binary").isEqualTo(prepareThreshold < 0);
                return jobRows.readAll(connection, rows);
            }
        }
    }
}
