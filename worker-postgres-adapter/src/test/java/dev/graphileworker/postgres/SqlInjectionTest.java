package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.PostgresDatabaseExtension;
import dev.graphileworker.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Strings crafted as SQL injection, in every text argument of every SQL function and of {@link
 * WorkerUtils}, are stored and matched as plain text: nothing else in the queue changes. Each test
 * works in a schema of its own that holds {@linkplain QueueSnapshot#addBystanders bystander jobs}.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class SqlInjectionTest {

    private final TestDatabase database;
    private String schema;
    private String quotedSchema;
    private List<String> injections;
    private WorkerOptions options;
    private WorkerUtils utils;
    private QueueSnapshot before;

    SqlInjectionTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void queueWithBystanders(TestInfo test) throws SQLException {
        schema = "inject_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        schema = schema.substring(0, Math.min(schema.length(), 63));
        quotedSchema = "\"" + schema + "\"";
        injections = List.of(
                "'); delete from " + quotedSchema + "._private_jobs; --",
                "x'; drop schema " + quotedSchema + " cascade; --",
                "\"; drop table " + quotedSchema + "._private_jobs; --",
                "$fn$; delete from " + quotedSchema + "._private_jobs; $fn$",
                "$$; delete from " + quotedSchema + "._private_jobs; $$",
                "' or '1'='1",
                "bystander%",
                "\\'; select pg_sleep(60); --",
                "%s %I %L %1$s {0} ${jndi:ldap://127.0.0.1/x}",
                "a\"b'c\\d;e--f/*g*/h");
        options = WorkerOptions.builder().connectionString(database.connectionString()).schema(schema).build();
        GraphileWorker.runMigrations(options);
        QueueSnapshot.addBystanders(database.dataSource(), quotedSchema);
        utils = GraphileWorker.workerUtils(options);
        before = snapshot();
    }

    @AfterEach
    void closeUtils() {
        utils.close();
    }

    @Test
    void injectionInEveryTextArgumentOfTheSqlFunctionsIsPlainText() throws SQLException {
        for (String text : injections) {
            long id = longFrom("select (" + quotedSchema + ".add_job(?, payload => json_build_object('s', ?::text),"
                    + " queue_name => ?, job_key => ?, flags => array[?])).id", text, text, text, text, text);
            assertStoredExactly(id, text);
            long batchId = longFrom("select j.id from " + quotedSchema + ".add_jobs(array[row(?, null, ?, null, null,"
                    + " ?, null, array[?])]::" + quotedSchema + ".job_spec[]) as j", text, text, text + "2", text);
            assertThatThrownBy(() -> longFrom("select (" + quotedSchema + ".add_job('t', job_key => 'k',"
                    + " job_key_mode => ?)).id", text))
                    .isInstanceOf(SQLException.class).hasMessageContaining("Unknown job_key_mode");

            assertThat(textFrom("select (" + quotedSchema + ".permanently_fail_jobs(array[?::bigint], ?)).last_error",
                    id, text)).isEqualTo(text);
            execute("select " + quotedSchema + ".force_unlock_workers(array[?])", text);
            assertThat(longFrom("select (" + quotedSchema + ".remove_job(?)).id", text)).isEqualTo(id);
            assertThat(longFrom("select (" + quotedSchema + ".remove_job(?)).id", text + "2")).isEqualTo(batchId);

            assertUntouched(text);
        }
    }

    @Test
    void injectionInEveryTextArgumentOfWorkerUtilsIsPlainText() throws SQLException {
        for (String text : injections) {
            Job job = utils.addJob(text, Map.of("s", text, text, text), AddJobOptions.defaults().withQueueName(text)
                    .withJobKey(text).withFlags(Set.of(text)));
            assertStoredExactly(job.id(), text);
            Job batchJob = utils.addJobs(List.of(new JobSpec(text, Map.of("s", text), AddJobOptions.defaults()
                    .withQueueName(text).withJobKey(text + "2").withFlags(Set.of(text)))), true).get(0);
            assertStoredExactly(batchJob.id(), text);

            assertThat(utils.permanentlyFailJobs(List.of(job.id()), text))
                    .singleElement().satisfies(failed -> assertThat(failed.lastError()).contains(text));
            utils.forceUnlockWorkers(List.of(text));
            assertThat(utils.removeJob(text)).hasValueSatisfying(removed -> assertThat(removed.id()).isEqualTo(job.id()));
            assertThat(utils.removeJob(text + "2")).isPresent();

            assertUntouched(text);
        }
    }

    @Test
    void workerRunsTasksNamedLikeInjectionAndHonoursForbiddenFlagsNamedSo() throws Exception {
        String forbidden = injections.get(0);
        TaskList.Builder tasks = TaskList.builder();
        Map<String, JsonNode> ran = new ConcurrentHashMap<>();
        for (String text : injections) {
            tasks.task(text, (payload, helpers) -> ran.put(helpers.job().taskIdentifier(), payload));
            utils.addJob(text, Map.of("s", text), AddJobOptions.defaults().withFlags(Set.of(text + " allowed")));
        }
        Job forbiddenJob = utils.addJob(injections.get(1), null, AddJobOptions.defaults().withFlags(Set.of(forbidden)));

        GraphileWorker.runOnce(WorkerOptions.builder().connectionString(database.connectionString()).schema(schema)
                .taskList(tasks.build()).forbiddenFlags(Set.of(forbidden)).concurrency(3).build());

        assertThat(ran.keySet()).containsExactlyInAnyOrderElementsOf(injections);
        ran.forEach((task, payload) -> assertThat(payload.get("s").asText()).isEqualTo(task));
        assertThat(snapshot().jobsExcept(List.of(forbiddenJob.id()))).isEqualTo(before.jobs());
        assertThat(snapshot().jobs()).containsKey(forbiddenJob.id());
    }

    @Test
    void schemaNameCraftedAsInjectionIsJustAName() throws Exception {
        String evil = "x\"; drop schema public cascade; --";
        WorkerOptions evilOptions = WorkerOptions.builder().connectionString(database.connectionString())
                .schema(evil).taskList(TaskList.builder().task("hello", (payload, helpers) -> { }).build()).build();

        GraphileWorker.runMigrations(evilOptions);
        try (WorkerUtils evilUtils = GraphileWorker.workerUtils(evilOptions)) {
            evilUtils.addJob("hello", null);
        }
        GraphileWorker.runOnce(evilOptions);

        assertThat(longFrom("select count(*) from pg_namespace where nspname = ?", evil)).isEqualTo(1);
        assertThat(longFrom("select count(*) from pg_namespace where nspname = ?", "public")).isEqualTo(1);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void schemaNameThatWouldEndAFunctionBodyIsRefusedBeforeTouchingTheDatabase() throws SQLException {
        WorkerOptions dollar = WorkerOptions.builder().connectionString(database.connectionString())
                .schema("x$fn$y").build();

        assertThatThrownBy(() -> GraphileWorker.runMigrations(dollar))
                .isInstanceOf(WorkerException.class).hasMessageContaining("$fn$");
        assertThat(longFrom("select count(*) from pg_namespace where nspname = ?", "x$fn$y")).isZero();
    }

    /** The hostile text came back as it went in, in every column that holds it. */
    private void assertStoredExactly(long id, String text) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                // "??" is the jsonb "?" operator, escaped for the driver.
                PreparedStatement statement = connection.prepareStatement("select task_identifier, queue_name,"
                        + " flags ?? ? from " + quotedSchema + ".jobs where id = ?")) {
            statement.setString(1, text);
            statement.setLong(2, id);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as("job %s exists", id).isTrue();
                assertThat(row.getString(1)).isEqualTo(text);
                assertThat(row.getString(2)).isEqualTo(text);
                assertThat(row.getBoolean(3)).as("flag stored").isTrue();
            }
        }
        assertThat(textFrom("select payload->>'s' from " + quotedSchema + "._private_jobs where id = ?", id))
                .isEqualTo(text);
    }

    /** Every bystander job, task and queue is as it was; only the hostile names were added. */
    private void assertUntouched(String text) throws SQLException {
        QueueSnapshot after = snapshot();
        assertThat(after.jobs()).as(text).isEqualTo(before.jobs());
        assertThat(after.tasks()).as(text).containsAll(before.tasks());
        assertThat(after.queues()).as(text).containsAll(before.queues());
    }

    private QueueSnapshot snapshot() throws SQLException {
        return QueueSnapshot.of(database.dataSource(), quotedSchema);
    }

    private long longFrom(String sql, Object... parameters) throws SQLException {
        return Long.parseLong(textFrom(sql, parameters));
    }

    private String textFrom(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        textFrom(sql, parameters);
    }
}
