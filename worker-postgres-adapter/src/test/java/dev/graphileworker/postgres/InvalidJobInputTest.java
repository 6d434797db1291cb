package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.RescheduleOptions;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Values that the queue cannot hold give a clear error, through SQL and through {@link WorkerUtils},
 * and leave every other job, task and queue as it was; values it can hold (however large or exotic)
 * are stored exactly as given and reach the task unchanged. Each test works in a schema of its own
 * that already holds {@linkplain QueueSnapshot#addBystanders bystander jobs}.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class InvalidJobInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Text in many scripts, with an emoji sequence, combining marks, a zero-width joiner and an RTL override. */
    private static final String UNICODE = "Grüße 世界 مرحبا עולם e\u0301 👩‍💻 𝔘𝔫𝔦 \u202Eabc\u202C ✓";

    private final TestDatabase database;
    private String quotedSchema;
    private WorkerOptions options;
    private WorkerUtils utils;
    private QueueSnapshot before;

    InvalidJobInputTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void queueWithBystanders(TestInfo test) throws SQLException {
        String schema = ("bad_" + test.getTestMethod().orElseThrow().getName()).toLowerCase();
        schema = schema.substring(0, Math.min(schema.length(), 63));
        quotedSchema = "\"" + schema + "\"";
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
    void valuesTheSchemaForbidsAreRefusedBySqlWithTheirOwnErrorAndChangeNothing() throws SQLException {
        String addJob = "select " + quotedSchema + ".add_job(";
        assertRefusedBySql("not JSON", "22P02", "invalid input syntax for type json",
                addJob + "'t', payload => ?::json)", "not json");
        assertRefusedBySql("truncated JSON", "22P02", "invalid input syntax for type json",
                addJob + "'t', payload => ?::json)", "{\"a\": [1, ");
        assertRefusedBySql("empty job key", "23514", "jobs_key_check", addJob + "'t', job_key => ?)", "");
        assertRefusedBySql("513-character job key", "23514", "jobs_key_check",
                addJob + "'t', job_key => ?)", "k".repeat(513));
        assertRefusedBySql("129-character task", "23514", "tasks_identifier_check", addJob + "?)", "t".repeat(129));
        assertRefusedBySql("129 emoji as task", "23514", "tasks_identifier_check", addJob + "?)", "🙂".repeat(129));
        assertRefusedBySql("129-character queue", "23514", "job_queues_queue_name_check",
                addJob + "'t', queue_name => ?)", "q".repeat(129));
        assertRefusedBySql("129-character queue, unsafe_dedupe", "23514", "job_queues_queue_name_check",
                addJob + "'t', queue_name => ?, job_key => 'k', job_key_mode => 'unsafe_dedupe')", "q".repeat(129));
        assertRefusedBySql("null task", "23502", "\"identifier\"", addJob + "?)", (Object) null);
        assertRefusedBySql("null task, unsafe_dedupe", "23502", "\"identifier\"",
                addJob + "?, job_key => 'k', job_key_mode => 'unsafe_dedupe')", (Object) null);
        assertRefusedBySql("null flag", "22023", "must not be null", addJob + "'t', flags => array[?::text])", (Object) null);
        assertRefusedBySql("zero attempts", "23514", "jobs_max_attempts_check", addJob + "'t', max_attempts => ?)", 0);
        assertRefusedBySql("priority beyond smallint", "22003", "out of range", addJob + "'t', priority => ?)", 40000);
        assertRefusedBySql("batch with one bad spec: the good one is not added either", "23514", "jobs_key_check",
                "select " + quotedSchema + ".add_jobs(array[row('good', '{}', null, null, null, 'fine', null, null),"
                        + " row('good', '{}', null, null, null, ?, null, null)]::" + quotedSchema + ".job_spec[])", "");
    }

    @Test
    void nullArgumentsOfTheAdminFunctionsChangeNothing() throws SQLException {
        for (String call : List.of("remove_job(null)", "complete_jobs(null)", "complete_jobs(array[null]::bigint[])",
                "permanently_fail_jobs(null)", "reschedule_jobs(null, run_at => now())",
                "force_unlock_workers(null)", "force_unlock_workers(array[null])", "add_jobs(null)",
                "add_jobs(array[]::" + quotedSchema + ".job_spec[])")) {
            sql("select " + quotedSchema + "." + call);
            assertThat(snapshot()).as(call).isEqualTo(before);
        }
    }

    @Test
    void valuesTheSchemaForbidsAreRefusedByWorkerUtilsNamingTheProblemAndChangeNothing() throws SQLException {
        AddJobOptions defaults = AddJobOptions.defaults();
        assertRefused("empty job key", WorkerException.class, "jobs_key_check", () -> utils.addJob("t", null, defaults.withJobKey("")));
        assertRefused("513-character job key", WorkerException.class, "jobs_key_check",
                () -> utils.addJob("t", null, defaults.withJobKey("k".repeat(513))));
        assertRefused("129-character task", WorkerException.class, "tasks_identifier_check", () -> utils.addJob("t".repeat(129), null));
        assertRefused("129-character queue", WorkerException.class, "job_queues_queue_name_check",
                () -> utils.addJob("t", null, defaults.withQueueName("q".repeat(129))));
        assertRefused("zero attempts", WorkerException.class, "jobs_max_attempts_check",
                () -> utils.addJob("t", null, defaults.withMaxAttempts(0)));
        assertRefused("null task", WorkerException.class, "\"identifier\"", () -> utils.addJob(null, null));
        assertRefused("NUL character in a task", WorkerException.class, "0x00", () -> utils.addJob("t\0x", null));
        assertRefused("NUL character in a key", WorkerException.class, "0x00", () -> utils.addJob("t", null, defaults.withJobKey("\0")));
        assertRefused("payload Jackson cannot write", WorkerException.class, "cannot be written as JSON", () -> utils.addJob("t", new Object()));
        assertRefused("batch with one bad spec", WorkerException.class, "jobs_key_check", () -> utils.addJobs(List.of(
                JobSpec.of("good", null), new JobSpec("good", null, defaults.withJobKey(""))), false));
    }

    @Test
    void nullsWhereWorkerUtilsNeedsAValueAreRefusedNamingTheParameter() throws SQLException {
        assertRefused("null options", NullPointerException.class, "options", () -> utils.addJob("t", null, null));
        assertRefused("null specs", NullPointerException.class, "specs", () -> utils.addJobs(null, false));
        assertRefused("null spec", NullPointerException.class, "spec", () -> utils.addJobs(Arrays.asList(JobSpec.of("t", null), null), false));
        assertRefused("null ids to complete", NullPointerException.class, "jobIds", () -> utils.completeJobs(null));
        assertRefused("null ids to fail", NullPointerException.class, "jobIds", () -> utils.permanentlyFailJobs(null, "reason"));
        assertRefused("null ids to reschedule", NullPointerException.class, "jobIds",
                () -> utils.rescheduleJobs(null, new RescheduleOptions(null, 1, null, null)));
        assertRefused("null changes", NullPointerException.class, "changes", () -> utils.rescheduleJobs(List.of(1L), null));
        assertRefused("null workers", NullPointerException.class, "workerIds", () -> utils.forceUnlockWorkers(null));
    }

    @Test
    void nullKeyOrNullAmongTheIdsMatchesNoJob() throws SQLException {
        assertThat(utils.removeJob(null)).isEmpty();
        assertThat(utils.completeJobs(Arrays.asList((Long) null))).isEmpty();
        utils.forceUnlockWorkers(Arrays.asList((String) null));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void longestNamesAndKeysAndAStringPayloadAreStoredExactlyThroughSqlAndWorkerUtils() throws Exception {
        String task = "t".repeat(127) + "🙂";
        String queue = "🙂".repeat(128);
        String key = "k".repeat(511) + "\"";
        long viaSql = sqlId("select (" + quotedSchema + ".add_job(?, payload => ?::json, queue_name => ?,"
                + " job_key => ?)).id", task, "\"not an object\"", queue, key);
        Job viaJava = utils.addJob(task, "not an object", AddJobOptions.defaults().withQueueName(queue).withJobKey(key));

        // The second call replaced the first job in place (same key): one job, stored as given.
        assertThat(viaJava.id()).isEqualTo(viaSql);
        assertThat(storedJob(viaSql)).containsExactly(task, queue, key, "\"not an object\"");
        assertThat(snapshot().jobsExcept(List.of(viaSql))).isEqualTo(before.jobs());
    }

    @Test
    void unicodeInEveryTextIsStoredExactlyAndReachesTheTask() throws Exception {
        String task = "task " + UNICODE;
        Map<String, Object> payload = Map.of(UNICODE, UNICODE, "NUL", "a\0b");
        Job added = utils.addJob(task, payload, AddJobOptions.defaults().withQueueName("queue " + UNICODE)
                .withJobKey("key " + UNICODE).withFlags(Set.of("flag " + UNICODE)));
        long viaSql = sqlId("select (" + quotedSchema + ".add_job(?, payload => json_build_object(?::text, ?::text),"
                + " queue_name => ?, job_key => ?, flags => array[?])).id",
                task, UNICODE, UNICODE, "queue " + UNICODE, "key 2 " + UNICODE, "flag " + UNICODE);

        assertThat(added.taskIdentifier()).isEqualTo(task);
        assertThat(added.queueName()).contains("queue " + UNICODE);
        assertThat(added.key()).contains("key " + UNICODE);
        assertThat(added.flags()).containsExactly("flag " + UNICODE);
        assertThat(storedJob(added.id())).containsExactly(task, "queue " + UNICODE, "key " + UNICODE,
                JSON.writeValueAsString(payload));
        assertThat(utils.permanentlyFailJobs(List.of(viaSql), "reason " + UNICODE))
                .singleElement().satisfies(job -> assertThat(job.lastError()).contains("reason " + UNICODE));
        utils.rescheduleJobs(List.of(viaSql), new RescheduleOptions(null, null, 0, null));

        Map<Long, JsonNode> received = new ConcurrentHashMap<>();
        GraphileWorker.runOnce(WorkerOptions.builder().connectionString(database.connectionString())
                .schema(options.schema())
                .taskList(TaskList.builder().task(task, (p, helpers) -> received.put(helpers.job().id(), p)).build())
                .build());

        assertThat(received).containsOnlyKeys(added.id(), viaSql);
        assertThat(JSON.convertValue(received.get(added.id()), Map.class)).isEqualTo(payload);
        assertThat(received.get(viaSql).get(UNICODE).asText()).isEqualTo(UNICODE);
        assertThat(snapshot().jobs()).isEqualTo(before.jobs());
    }

    @Test
    void tenMegabytePayloadIsStoredExactlyAndReachesTheTask() throws Exception {
        String blob = tenMegabytesOfText();
        String jsonText = JSON.writeValueAsString(Map.of("blob", blob));
        Job viaJava = utils.addJob("big", Map.of("blob", blob));
        long viaSql = sqlId("select (" + quotedSchema + ".add_job('big', payload => ?::json)).id",
                "  " + jsonText + "\n");

        assertThat(storedPayload(viaJava.id())).isEqualTo(jsonText);
        assertThat(storedPayload(viaSql)).isEqualTo("  " + jsonText + "\n");

        Map<Long, String> received = new ConcurrentHashMap<>();
        GraphileWorker.runOnce(WorkerOptions.builder().connectionString(database.connectionString())
                .schema(options.schema())
                .taskList(TaskList.builder().task("big", (p, h) -> received.put(h.job().id(), p.get("blob").asText()))
                        .build())
                .build());

        assertThat(received).containsOnlyKeys(viaJava.id(), viaSql);
        assertThat(received.values()).allSatisfy(text -> assertThat(text).isEqualTo(blob));
        assertThat(snapshot().jobs()).isEqualTo(before.jobs());
    }

    @Test
    void payloadsThatPostgresAcceptsHoweverExtremeReachTheTaskWithoutHoldingUpOtherJobs() throws Exception {
        Map<String, String> extremes = new LinkedHashMap<>();
        extremes.put("nested 10000 deep", "[".repeat(10_000) + "]".repeat(10_000));
        extremes.put("number of 5000 digits", "{\"n\": " + "9".repeat(5_000) + "}");
        extremes.put("key of 60000 characters", "{\"" + "k".repeat(60_000) + "\": 1}");
        extremes.put("duplicate keys", "{\"a\": 1, \"a\": 2}");
        for (Map.Entry<String, String> extreme : extremes.entrySet()) {
            sql("select " + quotedSchema + ".add_job('extreme', payload => ?::json, queue_name => 'q')",
                    extreme.getValue());
            utils.addJob("ordinary", Map.of("after", extreme.getKey()), AddJobOptions.defaults().withQueueName("q"));
        }

        Set<String> ran = ConcurrentHashMap.newKeySet();
        GraphileWorker.runOnce(WorkerOptions.builder().connectionString(database.connectionString())
                .schema(options.schema()).concurrency(4)
                .taskList(TaskList.builder()
                        .task("extreme", (p, h) -> ran.add("extreme " + h.job().id()))
                        .task("ordinary", (p, h) -> ran.add("after " + p.get("after").asText()))
                        .build())
                .build());

        assertThat(ran).hasSize(2 * extremes.size());
        assertThat(snapshot().jobs()).isEqualTo(before.jobs());
    }

    private void assertRefusedBySql(String what, String sqlState, String message, String sql, Object... parameters)
            throws SQLException {
        Throwable error = catchThrowable(() -> sql(sql, parameters));

        assertThat(error).as(what).isInstanceOf(SQLException.class).hasMessageContaining(message);
        assertThat(((SQLException) error).getSQLState()).as(what).isEqualTo(sqlState);
        assertThat(snapshot()).as(what + ": nothing else changes").isEqualTo(before);
    }

    private void assertRefused(String what, Class<? extends Throwable> type, String message, ThrowingCallable call)
            throws SQLException {
        assertThatThrownBy(call).as(what).isInstanceOf(type).hasMessageContaining(message);
        assertThat(snapshot()).as(what + ": nothing else changes").isEqualTo(before);
    }

    /** @return task, queue, key and payload text of a stored job */
    private List<String> storedJob(long id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("select t.identifier, q.queue_name,"
                        + " j.key, j.payload::text from " + quotedSchema + "._private_jobs as j join " + quotedSchema
                        + "._private_tasks as t on t.id = j.task_id left join " + quotedSchema
                        + "._private_job_queues as q on q.id = j.job_queue_id where j.id = ?")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                return Arrays.asList(row.getString(1), row.getString(2), row.getString(3), row.getString(4));
            }
        }
    }

    private String storedPayload(long id) throws SQLException {
        return storedJob(id).get(3);
    }

    private QueueSnapshot snapshot() throws SQLException {
        return QueueSnapshot.of(database.dataSource(), quotedSchema);
    }

    private long sqlId(String sql, Object... parameters) throws SQLException {
        long[] id = new long[1];
        query(sql, row -> id[0] = longAt(row), parameters);
        return id[0];
    }

    private void sql(String sql, Object... parameters) throws SQLException {
        query(sql, row -> { }, parameters);
    }

    private void query(String sql, Consumer<ResultSet> reader, Object... parameters) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                reader.accept(row);
            }
        }
    }

    private static long longAt(ResultSet row) {
        try {
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** About 10 MB of JSON text, with characters that JSON must escape and some that take 4 bytes in UTF-8. */
    private static String tenMegabytesOfText() {
        String chunk = "Lorem \"ipsum\" \\ dolor\n\ttab 🙂 é ";
        return chunk.repeat(10 * 1024 * 1024 / chunk.length());
    }
}
