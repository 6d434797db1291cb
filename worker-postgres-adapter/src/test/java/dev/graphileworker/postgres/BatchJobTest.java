package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batch jobs (payloads that are JSON arrays, run by {@link TaskHandler#batch}) and forbidden flags
 * given as a function, through the public API against a real PostgreSQL; each test in a schema of its own.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class BatchJobTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final TestDatabase database;
    private final List<List<String>> batchesSeen = new CopyOnWriteArrayList<>();
    private String schema;

    BatchJobTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void useASchemaOfThisTestsOwn(TestInfo test) {
        schema = "batch_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        if (schema.length() > 63) {
            schema = schema.substring(0, 63);
        }
    }

    @Test
    void batchJobWhoseElementsAllSucceedIsCompleted() throws Exception {
        WorkerOptions options = options(emails()).build();
        GraphileWorker.runMigrations(options);
        database.execute("select " + quoted() + ".add_job('emails', '[\"a\", \"b\"]')");

        GraphileWorker.runOnce(options);

        assertThat(batchesSeen).containsExactly(List.of("a", "b"));
        assertThat(row("select count(*) as n from " + quoted() + ".jobs")).containsEntry("n", 0L);
    }

    @Test
    void batchJobWithFailedElementsKeepsOnlyThoseAndRetriesThemAlone() throws Exception {
        WorkerOptions options = options(emails()).build();
        GraphileWorker.runMigrations(options);
        long id = (Long) row("select id from " + quoted() + ".add_job('emails', "
                + "'[\"a\", \"bad-1\", {\"to\": \"b\"}, \"bad-2\"]')").get("id");

        GraphileWorker.runOnce(options);

        // Postponed from the moment of the failure: compared with now(), the back-off of under 3 s could
        // pass before this query on a loaded machine.
        Map<String, Object> failed = row("select payload::jsonb::text as payload, last_error, attempts, "
                + "run_at > updated_at as waits from " + quoted() + "._private_jobs where id = " + id);
        assertThat(failed).containsEntry("payload", "[\"bad-1\", \"bad-2\"]")
                .containsEntry("last_error", "Batch failures:\ncould not send bad-1\ncould not send bad-2")
                .containsEntry("attempts", 1)
                .containsEntry("waits", true);

        // Make it due again without waiting: the retry sees the failed elements only.
        database.execute("update " + quoted() + "._private_jobs set run_at = now() where id = " + id);
        GraphileWorker.runOnce(options);

        assertThat(batchesSeen).hasSize(2);
        assertThat(batchesSeen.get(1)).containsExactly("bad-1", "bad-2");
        assertThat(row("select attempts from " + quoted() + ".jobs where id = " + id)).containsEntry("attempts", 2);
    }

    @Test
    void batchJobsSettledTogetherEachKeepTheirOwnFailedElements() throws Exception {
        WorkerOptions options = options(emails()).concurrency(4).completionBatchSize(10)
                .completionBatchDelay(Duration.ofMillis(200)).build();
        GraphileWorker.runMigrations(options);
        long first = (Long) row("select id from " + quoted() + ".add_job('emails', '[\"bad-x\", \"ok\"]')").get("id");
        long second = (Long) row("select id from " + quoted() + ".add_job('emails', '[\"ok\", \"bad-y\"]')").get("id");
        long whole = (Long) row("select id from " + quoted() + ".add_job('emails', '[\"ok\", \"ok\"]')").get("id");

        GraphileWorker.runOnce(options);

        assertThat(row("select payload::jsonb::text as p from " + quoted() + "._private_jobs where id = " + first))
                .containsEntry("p", "[\"bad-x\"]");
        assertThat(row("select payload::jsonb::text as p from " + quoted() + "._private_jobs where id = " + second))
                .containsEntry("p", "[\"bad-y\"]");
        assertThat(row("select count(*) as n from " + quoted() + ".jobs where id = " + whole)).containsEntry("n", 0L);
    }

    @Test
    void replacingABatchJobThroughWorkerUtilsAppendsItsElementsAndTheyRunTogether() throws Exception {
        WorkerOptions options = options(emails()).build();
        GraphileWorker.runMigrations(options);
        AddJobOptions keyed = AddJobOptions.defaults().withJobKey("digest");

        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            Job first = utils.addJob("emails", List.of("a"), keyed);
            Job second = utils.addJob("emails", List.of("b", Map.of("to", "c")), keyed);
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(second.payload().toString()).isEqualTo("[\"a\",\"b\",{\"to\":\"c\"}]");
        }
        GraphileWorker.runOnce(options);

        assertThat(batchesSeen).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void forbiddenFlagsFunctionIsAskedBeforeEachClaim() throws Exception {
        AtomicBoolean throttled = new AtomicBoolean(true);
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch plainRan = new CountDownLatch(1);
        CountDownLatch throttledRan = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        TaskList tasks = TaskList.builder().task("send", (payload, helpers) -> {
            ran.add(payload.path("kind").asText());
            (payload.path("kind").asText().equals("smtp") ? throttledRan : plainRan).countDown();
        }).build();
        WorkerOptions options = options(tasks).pollInterval(Duration.ofMillis(100))
                .forbiddenFlags(Set.of("replaced-by-the-function"))
                .forbiddenFlags(() -> {
                    asked.incrementAndGet();
                    return throttled.get() ? Set.of("smtp") : Set.of();
                })
                .build();
        GraphileWorker.runMigrations(options);
        database.execute("select " + quoted() + ".add_job('send', '{\"kind\": \"smtp\"}', flags => array['smtp'])");
        database.execute("select " + quoted() + ".add_job('send', '{\"kind\": \"plain\"}', priority => 1)");

        try (RunningWorker worker = GraphileWorker.run(options)) {
            // The plain job comes after the flagged one: having run it, the worker has claimed past it.
            assertThat(plainRan.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactly("plain");
            int askedBeforeFlip = asked.get();

            throttled.set(false);
            assertThat(throttledRan.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(asked.get()).isGreaterThan(askedBeforeFlip);
        }
        assertThat(ran).containsExactly("plain", "smtp");
    }

    /** Sends each element; fails the elements whose text starts with "bad". */
    private TaskList emails() {
        return TaskList.builder().task("emails", TaskHandler.batch((elements, helpers) -> {
            batchesSeen.add(elements.stream().map(BatchJobTest::recipient).toList());
            return elements.stream().<CompletionStage<?>>map(element -> recipient(element).startsWith("bad")
                    ? CompletableFuture.failedFuture(new IllegalStateException("could not send " + recipient(element)))
                    : CompletableFuture.completedFuture(null)).toList();
        })).build();
    }

    private static String recipient(JsonNode element) {
        return element.isObject() ? element.path("to").asText() : element.asText();
    }

    private WorkerOptions.Builder options(TaskList tasks) {
        return WorkerOptions.builder().connectionString(database.connectionString()).schema(schema).taskList(tasks);
    }

    private String quoted() {
        return "\"" + schema + "\"";
    }

    private Map<String, Object> row(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from: %s", sql).isTrue();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
            }
            return row;
        }
    }
}
