package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.TaskDefinition;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A task declared with a {@link TaskDefinition}, its job added with the same definition inside the
 * caller's transaction ({@link WorkerUtils#addJob(Connection, TaskDefinition, Object, AddJobOptions)})
 * on a real PostgreSQL: the job exists only if the transaction commits, is stored like any job of that
 * identifier, and is run by a worker that registered the definition. Each test has a schema of its own.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class TaskDefinitionEndToEndTest {

    record SendEmail(String to, List<String> cc) {}

    private static final TaskDefinition<SendEmail> SEND_EMAIL = TaskDefinition.of("send_email", SendEmail.class);

    private final TestDatabase database;
    private final List<SendEmail> sent = new CopyOnWriteArrayList<>();
    private String schema;
    private WorkerOptions options;

    TaskDefinitionEndToEndTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void migrateASchemaOfThisTestsOwn(TestInfo test) {
        schema = "typed_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        schema = schema.substring(0, Math.min(schema.length(), 63));
        options = WorkerOptions.builder().connectionString(database.connectionString()).schema(schema)
                .taskList(TaskList.builder().task(SEND_EMAIL, (email, helpers) -> sent.add(email)).build())
                .build();
        GraphileWorker.runMigrations(options);
    }

    @Test
    void jobAddedThroughADefinitionInATransactionThatRollsBackNeverExists() throws Exception {
        try (WorkerUtils utils = GraphileWorker.workerUtils(options);
                Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            utils.addJob(connection, SEND_EMAIL, new SendEmail("ada@example.com", List.of()), AddJobOptions.defaults());
            assertThat(count(connection, "select count(*) from \"" + schema + "\".jobs"))
                    .as("inside the transaction the job is there").isEqualTo(1);

            connection.rollback();
        }

        assertThat(database.count("select count(*) from \"" + schema + "\".jobs")).isZero();
        GraphileWorker.runOnce(options);
        assertThat(sent).isEmpty();
    }

    @Test
    void jobAddedThroughADefinitionInATransactionThatCommitsIsStoredUnderItsIdentifierAndRuns() throws Exception {
        SendEmail email = new SendEmail("ada@example.com", List.of("grace@example.com"));
        Job added;
        try (WorkerUtils utils = GraphileWorker.workerUtils(options);
                Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            added = utils.addJob(connection, SEND_EMAIL, email, AddJobOptions.defaults().withQueueName("emails"));
            connection.commit();
        }

        assertThat(added.taskIdentifier()).isEqualTo("send_email");
        // The view jobs has no payload; graphile-worker keeps it in _private_jobs.
        assertThat(database.rows("select v.task_identifier, v.queue_name, p.payload::text from \"" + schema
                + "\".jobs v join \"" + schema + "\"._private_jobs p using (id) where id = " + added.id()))
                .singleElement().satisfies(row -> {
                    assertThat(row.get(0)).isEqualTo("send_email");
                    assertThat(row.get(1)).isEqualTo("emails");
                    assertThat(new ObjectMapper().readTree(row.get(2)))
                            .isEqualTo(new ObjectMapper().readTree("{\"to\": \"ada@example.com\", \"cc\": [\"grace@example.com\"]}"));
                });

        GraphileWorker.runOnce(options);

        assertThat(sent).containsExactly(email);
        assertThat(database.count("select count(*) from \"" + schema + "\".jobs")).isZero();
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
