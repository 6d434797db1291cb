package dev.graphileworker.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphileworker.api.AbortSignal;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The table {@code interop_runs}, where the test tasks of both runtimes record each run; and the
 * Java side of those tasks (run-worker.mjs holds the Node side). Start and finish times come from
 * the database's clock, so runs of both runtimes can be compared.
 */
final class RunLog {

    static final String JAVA_RUNTIME = "java";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestDatabase database;

    private RunLog(TestDatabase database) {
        this.database = database;
    }

    /** Creates the table in the database's public schema. */
    static RunLog create(TestDatabase database) throws SQLException {
        database.execute("create table interop_runs ("
                + " run_id bigint generated always as identity primary key,"
                + " job_id bigint not null, runtime text not null, task_identifier text not null,"
                + " queue_name text, payload json, job_key text, priority int not null,"
                + " run_at timestamptz not null, attempts int not null, max_attempts int not null,"
                + " last_error text, flags jsonb,"
                + " started_at timestamptz not null, finished_at timestamptz)");
        return new RunLog(database);
    }

    /** @return the Java tasks with these identifiers and behaviours */
    static TaskList javaTasks(Map<String, TaskBehaviour> tasks) {
        TaskList.Builder builder = TaskList.builder();
        tasks.forEach((identifier, behaviour) -> builder.task(identifier, javaTask(behaviour)));
        return builder.build();
    }

    /** @return every recorded run, in the order they started */
    List<Run> runs() throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select job_id, runtime, task_identifier, queue_name,"
                        + " payload::text as payload, job_key, priority, run_at, attempts, max_attempts,"
                        + " last_error, flags::text as flags, started_at, finished_at"
                        + " from interop_runs order by started_at, run_id")) {
            while (row.next()) {
                runs.add(new Run(row.getLong("job_id"), row.getString("runtime"), row.getString("task_identifier"),
                        row.getString("queue_name"), parse(row.getString("payload")), row.getString("job_key"),
                        row.getInt("priority"), instant(row, "run_at"), row.getInt("attempts"),
                        row.getInt("max_attempts"), row.getString("last_error"), flags(row.getString("flags")),
                        instant(row, "started_at"), instant(row, "finished_at")));
            }
        }
        return runs;
    }

    private static TaskHandler javaTask(TaskBehaviour behaviour) {
        return (payload, helpers) -> {
            long runId = startRun(payload, helpers);
            if (behaviour == TaskBehaviour.HOLD) {
                CountDownLatch stopping = new CountDownLatch(1);
                try (AbortSignal.Registration registration = helpers.abortSignal().onAbort(stopping::countDown)) {
                    stopping.await();
                }
            }
            helpers.query("update interop_runs set finished_at = clock_timestamp() where run_id = ?", runId);
            if (behaviour == TaskBehaviour.FAIL) {
                throw new IllegalStateException(
                        TaskBehaviour.failureMessage(JAVA_RUNTIME, helpers.job().attempts()));
            }
        };
    }

    private static long startRun(JsonNode payload, JobHelpers helpers) throws Exception {
        Job job = helpers.job();
        List<Map<String, Object>> inserted = helpers.query("insert into interop_runs (job_id, runtime,"
                        + " task_identifier, queue_name, payload, job_key, priority, run_at, attempts, max_attempts,"
                        + " last_error, flags, started_at)"
                        + " values (?, ?, ?, ?, ?::json, ?, ?, ?, ?, ?, ?, ?::jsonb, clock_timestamp()) returning run_id",
                job.id(), JAVA_RUNTIME, job.taskIdentifier(), job.queueName().orElse(null), payload.toString(),
                job.key().orElse(null), job.priority(), OffsetDateTime.ofInstant(job.runAt(), ZoneOffset.UTC),
                job.attempts(), job.maxAttempts(), job.lastError().orElse(null), flagsJson(job.flags()));
        return ((Number) inserted.get(0).get("run_id")).longValue();
    }

    /** As graphile-worker stores flags: an object of {@code "flag": true}, or null for none. */
    private static String flagsJson(Set<String> flags) {
        if (flags.isEmpty()) {
            return null;
        }
        ObjectNode json = JSON.createObjectNode();
        flags.forEach(flag -> json.put(flag, true));
        return json.toString();
    }

    private static Set<String> flags(String json) {
        Set<String> flags = new LinkedHashSet<>();
        if (json != null) {
            parse(json).fieldNames().forEachRemaining(flags::add);
        }
        return flags;
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("interop_runs holds invalid JSON: " + json, e);
        }
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
