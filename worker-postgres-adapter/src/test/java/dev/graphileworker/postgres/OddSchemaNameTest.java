package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.RescheduleOptions;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A schema named with quotes, spaces and capitals works everywhere the schema is named: migrations,
 * adding jobs from Java and SQL, the worker (run and runOnce), the wake-up by NOTIFY and every admin
 * function of {@link WorkerUtils}.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class OddSchemaNameTest {

    private static final String SCHEMA = "My \"odd\" Schema";
    private static final String QUOTED = "\"My \"\"odd\"\" Schema\"";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final TestDatabase database;

    OddSchemaNameTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void startWithoutTheSchema() throws SQLException {
        database.execute("drop schema if exists " + QUOTED + " cascade");
    }

    @Test
    void everyAdminFunctionOfWorkerUtilsWorksInTheSchema() throws SQLException {
        WorkerOptions options = options(SCHEMA, TaskList.empty());
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.migrate();
            utils.migrate();
            Job keyed = utils.addJob("t", Map.of("n", 1),
                    AddJobOptions.defaults().withJobKey("key").withQueueName("Q q"));
            List<Job> batch = utils.addJobs(List.of(JobSpec.of("t", null), JobSpec.of("u", null)), false);

            assertThat(utils.removeJob("key")).hasValueSatisfying(job -> assertThat(job.id()).isEqualTo(keyed.id()));
            assertThat(utils.completeJobs(List.of(batch.get(0).id()))).hasSize(1);
            assertThat(utils.permanentlyFailJobs(List.of(batch.get(1).id()), "no")).singleElement()
                    .satisfies(job -> assertThat(job.isPermanentlyFailed()).isTrue());
            Instant later = Instant.parse("2100-01-01T00:00:00Z");
            assertThat(utils.rescheduleJobs(List.of(batch.get(1).id()), new RescheduleOptions(later, 3, 0, 9)))
                    .singleElement().satisfies(job -> assertThat(job.runAt()).isEqualTo(later));
            database.execute("update " + QUOTED + "._private_jobs set locked_by = 'dead', locked_at = now()");
            utils.forceUnlockWorkers(List.of("dead"));
        }

        assertThat(database.count("select count(*) from " + QUOTED + ".jobs where locked_by is null"
                + " and task_identifier = 'u' and priority = 3 and max_attempts = 9")).isEqualTo(1);
        assertThat(database.count("select count(*) from " + QUOTED + ".migrations")).isEqualTo(20);
        assertThat(database.count("select count(*) from pg_namespace where nspname = 'graphile_worker'")).isZero();
    }

    @Test
    void runOnceRunsJobsAddedFromJavaFromSqlAndFromInsideATask() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        TaskList tasks = TaskList.builder()
                .task("first", (payload, helpers) -> {
                    ran.add("first " + payload.get("from").asText());
                    helpers.addJob("second", Map.of("from", "a task"), AddJobOptions.defaults());
                })
                .task("second", (payload, helpers) -> ran.add("second " + payload.get("from").asText()))
                .build();
        WorkerOptions options = options(SCHEMA, tasks);
        GraphileWorker.runMigrations(options);
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.addJob("first", Map.of("from", "Java"), AddJobOptions.defaults().withQueueName("Serial \"queue\""));
        }
        database.execute("select " + QUOTED + ".add_job('first', json_build_object('from', 'SQL'))");

        GraphileWorker.runOnce(options);

        assertThat(ran).containsExactlyInAnyOrder("first Java", "first SQL", "second a task", "second a task");
        assertThat(database.count("select count(*) from " + QUOTED + "._private_jobs")).isZero();
        assertThat(database.count("select count(*) from " + QUOTED + "._private_job_queues where locked_by is not null"))
                .isZero();
    }

    @Test
    void addJobInTheSchemaNotifiesListeners() throws Exception {
        GraphileWorker.runMigrations(options(SCHEMA, TaskList.empty()));
        try (Connection listening = database.dataSource().getConnection()) {
            listening.createStatement().execute("LISTEN \"jobs:insert\"");

            database.execute("select " + QUOTED + ".add_job('hello')");

            assertThat(notificationsWithin(listening.unwrap(PGConnection.class), DEADLINE))
                    .extracting(PGNotification::getName).contains("jobs:insert");
        }
    }

    @Test
    void jobAddedWithSqlInTheSchemaWakesARunningWorkerThatPollsHourly() throws Exception {
        BlockingQueue<JsonNode> payloads = new LinkedBlockingQueue<>();
        WorkerOptions options = WorkerOptions.builder().connectionString(database.connectionString()).schema(SCHEMA)
                .taskList(TaskList.builder().task("hello", (payload, helpers) -> payloads.add(payload)).build())
                .pollInterval(Duration.ofHours(1)).build();

        // With an hour between polls, the job is found through the notification (or, if it is added
        // before the worker's very first look, by that look; addJobInTheSchemaNotifiesListeners shows
        // the notification on its own).
        try (RunningWorker worker = GraphileWorker.run(options)) {
            database.execute("select " + QUOTED + ".add_job('hello', json_build_object('name', 'odd'))");

            JsonNode payload = payloads.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(payload).isNotNull();
            assertThat(payload.get("name").asText()).isEqualTo("odd");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CamelCase", "with space", "select", "dotted.name", "semi;colon", "Ünïcødé ✓",
            "'single' quoted", "trailing\\"})
    void migrationsAndRunOnceWorkInSchemasNamed(String schema) throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        WorkerOptions options = options(schema, TaskList.builder()
                .task("hello", (payload, helpers) -> ran.add(payload.get("schema").asText())).build());
        GraphileWorker.runMigrations(options);
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.addJob("hello", Map.of("schema", schema));
        }

        GraphileWorker.runOnce(options);

        assertThat(ran).containsExactly(schema);
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from pg_namespace where nspname = ?")) {
            statement.setString(1, schema);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                assertThat(row.getLong(1)).isEqualTo(1);
            }
        }
    }

    private WorkerOptions options(String schema, TaskList tasks) {
        return WorkerOptions.builder().connectionString(database.connectionString()).schema(schema).taskList(tasks)
                .build();
    }

    private static List<PGNotification> notificationsWithin(PGConnection connection, Duration deadline)
            throws SQLException {
        long end = System.nanoTime() + deadline.toNanos();
        List<PGNotification> received = new ArrayList<>();
        while (received.isEmpty() && System.nanoTime() < end) {
            PGNotification[] batch = connection.getNotifications(250);
            if (batch != null) {
                received.addAll(List.of(batch));
            }
        }
        return received;
    }
}
