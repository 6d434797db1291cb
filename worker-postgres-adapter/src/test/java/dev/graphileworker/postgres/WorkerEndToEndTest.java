package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker started through the public API ({@link GraphileWorker}, found by {@code ServiceLoader})
 * against a real PostgreSQL. Each test works in a schema of its own.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class WorkerEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final TestDatabase database;
    private String schema;

    WorkerEndToEndTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void useASchemaOfThisTestsOwn(TestInfo test) {
        schema = "e2e_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        if (schema.length() > 63) {
            schema = schema.substring(0, 63);
        }
    }

    @Test
    void jobAddedWithPlainSqlRunsWithItsPayloadEvenWhenPollingHourly() throws Exception {
        BlockingQueue<JsonNode> payloads = new LinkedBlockingQueue<>();
        WorkerOptions options = options(tasks("hello", (payload, helpers) -> payloads.add(payload)))
                .pollInterval(Duration.ofHours(1)).build();

        // run() returns once the worker LISTENs. With an hour between polls, the job can only be found by
        // the notification or by the worker's very first claim; the port contract test
        // subscriberHearsOfAnAddedJob proves the notification path on its own.
        try (RunningWorker worker = GraphileWorker.run(options)) {
            database.execute("select " + quoted() + ".add_job('hello', json_build_object('name', 'Bobby Tables'))");

            JsonNode payload = payloads.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(payload).isNotNull();
            assertThat(payload.get("name").asText()).isEqualTo("Bobby Tables");
        }
        assertThat(database.count("select count(*) from " + quoted() + ".jobs")).isZero();
    }

    @Test
    void jobAddedInATransactionThatRollsBackNeverRuns() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        WorkerOptions options = options(tasks("audit", (payload, helpers) -> ran.add(payload.get("n").asText())))
                .build();
        GraphileWorker.runMigrations(options);

        try (WorkerUtils utils = GraphileWorker.workerUtils(options);
                Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            utils.addJob(connection, "audit", Map.of("n", "rolled back"), AddJobOptions.defaults());
            connection.rollback();
            utils.addJob(connection, "audit", Map.of("n", "committed"), AddJobOptions.defaults());
            connection.commit();
        }
        GraphileWorker.runOnce(options);

        assertThat(ran).containsExactly("committed");
    }

    @Test
    void failedJobRecordsItsErrorAndWaitsExponentiallyLonger() throws Exception {
        WorkerOptions options = options(tasks("flaky", (payload, helpers) -> {
            throw new IllegalStateException("flaky failed on attempt " + helpers.job().attempts());
        })).build();
        GraphileWorker.runMigrations(options);
        long id = addJob(options, "flaky");

        GraphileWorker.runOnce(options);
        assertFailedWith(id, 1, "flaky failed on attempt 1", Math.E);

        // Make it due again without waiting: move run_at back to now.
        database.execute("update " + quoted() + "._private_jobs set run_at = now() where id = " + id);
        GraphileWorker.runOnce(options);
        assertFailedWith(id, 2, "flaky failed on attempt 2", Math.E * Math.E);
    }

    @Test
    void jobWithASingleAttemptFailsOnceAndStaysFailed() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        WorkerOptions options = options(tasks("once", (payload, helpers) -> {
            runs.incrementAndGet();
            throw new IllegalStateException("no");
        })).build();
        GraphileWorker.runMigrations(options);
        long id;
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            id = utils.addJob("once", null, AddJobOptions.defaults().withMaxAttempts(1)).id();
        }

        GraphileWorker.runOnce(options);
        database.execute("update " + quoted() + "._private_jobs set run_at = now() where id = " + id);
        GraphileWorker.runOnce(options);

        assertThat(runs.get()).isEqualTo(1);
        assertThat(database.count("select count(*) from " + quoted() + "._private_jobs where id = " + id
                + " and attempts = 1 and max_attempts = 1 and is_available = false and locked_by is null"))
                .isEqualTo(1);
    }

    @Test
    void namedQueueRunsOneJobAtATimeInOrderWhileOtherJobsRunInParallel() throws Exception {
        AtomicInteger inQueue = new AtomicInteger();
        AtomicInteger mostInQueueAtOnce = new AtomicInteger();
        List<Integer> queueOrder = new CopyOnWriteArrayList<>();
        CountDownLatch parallelStarted = new CountDownLatch(4);
        TaskList tasks = TaskList.builder()
                .task("serial", (payload, helpers) -> {
                    mostInQueueAtOnce.accumulateAndGet(inQueue.incrementAndGet(), Math::max);
                    queueOrder.add(payload.get("n").asInt());
                    Thread.yield();
                    inQueue.decrementAndGet();
                })
                .task("parallel", (payload, helpers) -> {
                    // Succeeds only when four of these run at once.
                    parallelStarted.countDown();
                    if (!parallelStarted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("parallel jobs did not run at once");
                    }
                })
                .build();
        WorkerOptions options = options(tasks).concurrency(8).build();
        GraphileWorker.runMigrations(options);
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            for (int n = 0; n < 20; n++) {
                utils.addJob("serial", Map.of("n", n), AddJobOptions.defaults().withQueueName("one-by-one"));
            }
            for (int n = 0; n < 4; n++) {
                utils.addJob("parallel", null, AddJobOptions.defaults());
            }
        }

        GraphileWorker.runOnce(options);

        assertThat(mostInQueueAtOnce.get()).isEqualTo(1);
        List<Integer> expected = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            expected.add(n);
        }
        assertThat(queueOrder).isEqualTo(expected);
        assertThat(database.count("select count(*) from " + quoted() + "._private_jobs")).isZero();
        assertThat(database.count("select count(*) from " + quoted() + "._private_job_queues where locked_by is not null"))
                .isZero();
    }

    @Test
    void severalWorkersSharingOneQueueRunEveryJobExactlyOnceAndKeepNamedQueuesSerial() throws Exception {
        int jobs = 300;
        Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> runningPerQueue = new ConcurrentHashMap<>();
        AtomicInteger queueOverlaps = new AtomicInteger();
        CountDownLatch allRan = new CountDownLatch(jobs);
        TaskList tasks = tasks("shared", (payload, helpers) -> {
            String queue = helpers.job().queueName().orElse(null);
            if (queue != null && runningPerQueue.computeIfAbsent(queue, q -> new AtomicInteger()).incrementAndGet() > 1) {
                queueOverlaps.incrementAndGet();
            }
            runs.computeIfAbsent(payload.get("n").asInt(), n -> new AtomicInteger()).incrementAndGet();
            Thread.yield();
            if (queue != null) {
                runningPerQueue.get(queue).decrementAndGet();
            }
            allRan.countDown();
        });
        WorkerOptions options = options(tasks).concurrency(4).build();
        GraphileWorker.runMigrations(options);
        List<JobSpec> specs = new ArrayList<>();
        for (int n = 0; n < jobs; n++) {
            AddJobOptions jobOptions = n % 3 == 0
                    ? AddJobOptions.defaults().withQueueName("queue-" + (n % 5)) : AddJobOptions.defaults();
            specs.add(new JobSpec("shared", Map.of("n", n), jobOptions));
        }

        List<RunningWorker> workers = new ArrayList<>();
        try {
            for (int w = 0; w < 3; w++) {
                workers.add(GraphileWorker.run(options));
            }
            try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
                utils.addJobs(specs, false);
            }
            assertThat(allRan.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } finally {
            workers.forEach(RunningWorker::close);
        }

        assertThat(runs).hasSize(jobs);
        assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(queueOverlaps.get()).isZero();
        assertThat(database.count("select count(*) from " + quoted() + "._private_jobs")).isZero();
        assertThat(database.count("select count(*) from " + quoted() + "._private_job_queues where locked_by is not null"))
                .isZero();
    }

    @Test
    void loneJobIsSettledAtOnceThoughResultsMayWaitAnHourForABatch() throws Exception {
        BlockingQueue<Long> ran = new LinkedBlockingQueue<>();
        WorkerOptions options = options(tasks("hello", (payload, helpers) -> ran.add(helpers.job().id())))
                .concurrency(4).completionBatchSize(1000).completionBatchDelay(Duration.ofHours(1)).build();

        try (RunningWorker worker = GraphileWorker.run(options)) {
            long id = worker.addJob("hello", null, AddJobOptions.defaults()).id();

            assertThat(ran.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(id);
            // With no other job running or claimed nothing could join the batch, so it is written at
            // once: the job is gone long before the hour is up.
            database.awaitCount("select count(*) from " + quoted() + "._private_jobs", 0);
        }
    }

    @Test
    void failuresWrittenTogetherKeepEachJobsOwnErrorAndBackoff() throws Exception {
        WorkerOptions options = options(tasks("flaky", (payload, helpers) -> {
            throw new IllegalStateException(payload.get("name").asText() + " failed on attempt "
                    + helpers.job().attempts());
        })).concurrency(3).completionBatchSize(1000).completionBatchDelay(Duration.ofHours(1)).build();
        GraphileWorker.runMigrations(options);
        long first;
        long second;
        long third;
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            first = utils.addJob("flaky", Map.of("name", "first"), AddJobOptions.defaults()).id();
            second = utils.addJob("flaky", Map.of("name", "second"), AddJobOptions.defaults()).id();
            third = utils.addJob("flaky", Map.of("name", "third"), AddJobOptions.defaults()).id();
        }
        database.execute("update " + quoted() + "._private_jobs set attempts = 1 where id = " + second);
        database.execute("update " + quoted() + "._private_jobs set attempts = 2 where id = " + third);

        // Three runners claim the three jobs at once; each failure waits for the others (the batch
        // delay is an hour), so the three are written together.
        GraphileWorker.runOnce(options);

        assertFailedWith(first, 1, "first failed on attempt 1", Math.E);
        assertFailedWith(second, 2, "second failed on attempt 2", Math.exp(2));
        assertFailedWith(third, 3, "third failed on attempt 3", Math.exp(3));
    }

    @Test
    void stoppingRaisesTheAbortSignalAfterTheGracePeriodAndLeavesNothingLocked() throws Exception {
        CountDownLatch started = new CountDownLatch(3);
        WorkerOptions options = options(tasks("long", (payload, helpers) -> {
            CountDownLatch aborted = new CountDownLatch(1);
            helpers.abortSignal().onAbort(aborted::countDown);
            started.countDown();
            if (!aborted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("never asked to stop");
            }
        })).concurrency(3).shutdownGracePeriod(Duration.ofMillis(100)).build();
        GraphileWorker.runMigrations(options);
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            for (int n = 0; n < 5; n++) {
                utils.addJob("long", null, AddJobOptions.defaults());
            }
        }

        RunningWorker worker = GraphileWorker.run(options);
        assertThat(started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        worker.stop().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(database.count("select count(*) from " + quoted() + "._private_jobs")).isEqualTo(2);
        assertThat(database.count("select count(*) from " + quoted() + "._private_jobs where locked_by is not null"
                + " or attempts > 0")).isZero();
    }

    @Test
    void jobThatFinishesWithinTheGracePeriodIsNotAborted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        List<Boolean> abortedWhenDone = new CopyOnWriteArrayList<>();
        WorkerOptions options = options(tasks("slow", (payload, helpers) -> {
            started.countDown();
            mayFinish.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            abortedWhenDone.add(helpers.abortSignal().isAborted());
        })).shutdownGracePeriod(DEADLINE).build();
        GraphileWorker.runMigrations(options);
        addJob(options, "slow");

        RunningWorker worker = GraphileWorker.run(options);
        assertThat(started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        var stopped = worker.stop().toCompletableFuture();
        mayFinish.countDown();
        stopped.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(abortedWhenDone).containsExactly(false);
        assertThat(database.count("select count(*) from " + quoted() + "._private_jobs")).isZero();
    }

    @Test
    void terminatingFailsRunningJobsSoThatTheyAreRetriedAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        WorkerOptions options = options(tasks("stuck", (payload, helpers) -> {
            started.countDown();
            new CountDownLatch(1).await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        })).concurrency(2).build();
        GraphileWorker.runMigrations(options);
        addJob(options, "stuck");
        addJob(options, "stuck");

        RunningWorker worker = GraphileWorker.run(options);
        assertThat(started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        worker.terminate();

        assertThat(database.count("select count(*) from " + quoted() + "._private_jobs where attempts = 1"
                + " and locked_by is null and run_at <= now()"
                + " and last_error = 'Worker " + worker.workerId() + " was terminated while the job ran'"))
                .isEqualTo(2);
        assertThat(worker.await(DEADLINE)).isTrue();
    }

    @Test
    void hungJobTimesOutAndItsSlotRunsTheNextJob() throws Exception {
        CountDownLatch neverReleased = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        TaskList tasks = TaskList.builder()
                .task("hang", TaskHandler.withTimeout(Duration.ofMillis(200), (payload, helpers) -> {
                    while (neverReleased.getCount() > 0) {
                        try {
                            neverReleased.await();
                        } catch (InterruptedException stubborn) {
                            // Ignores the interrupt: only the timeout frees the slot.
                        }
                    }
                }))
                .task("next", (payload, helpers) -> ran.add("next"))
                .build();
        WorkerOptions options = options(tasks).concurrency(1).build();
        GraphileWorker.runMigrations(options);
        long hung;
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            hung = utils.addJob("hang", null, AddJobOptions.defaults().withPriority(1)).id();
            utils.addJob("next", null, AddJobOptions.defaults().withPriority(2));
        }

        try {
            GraphileWorker.runOnce(options);
        } finally {
            neverReleased.countDown();
        }

        assertThat(ran).containsExactly("next");
        assertThat(database.count("select count(*) from " + quoted() + "._private_jobs where id = " + hung
                + " and attempts = 1 and locked_by is null and last_error = 'Task timed out after 200 ms'")).isEqualTo(1);
    }

    @Test
    void workerClaimsOnlyJobsOfItsOwnTasks() throws Exception {
        WorkerOptions options = options(tasks("mine", (payload, helpers) -> { })).build();
        GraphileWorker.runMigrations(options);
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.addJob("mine", null, AddJobOptions.defaults());
            utils.addJob("someone-elses", null, AddJobOptions.defaults());
        }

        GraphileWorker.runOnce(options);

        assertThat(database.count("select count(*) from " + quoted() + ".jobs where task_identifier = 'someone-elses'"
                + " and attempts = 0")).isEqualTo(1);
        assertThat(database.count("select count(*) from " + quoted() + ".jobs")).isEqualTo(1);
    }

    @Test
    void workerStopsWhenTheSchemaIsMigratedToAnIncompatibleRevisionUnderIt() throws Exception {
        WorkerOptions options = options(tasks("hello", (payload, helpers) -> { })).build();

        RunningWorker worker = GraphileWorker.run(options);
        // What a newer graphile-worker does when it applies a breaking migration.
        database.execute("insert into " + quoted() + ".migrations (id, breaking) values (21, true)");
        database.execute("select pg_notify('worker:migrate', '{\"migrationNumber\":21,\"breaking\":true}')");

        assertThatThrownBy(() -> worker.await(DEADLINE))
                .isInstanceOf(WorkerException.class)
                .hasMessageContaining("revision 21");
    }

    private void assertFailedWith(long id, int attempts, String error, double backoffSeconds) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("select attempts, last_error, run_at, "
                        + "updated_at, locked_by from " + quoted() + "._private_jobs where id = ?")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getInt("attempts")).isEqualTo(attempts);
                assertThat(row.getString("last_error")).isEqualTo(error);
                assertThat(row.getString("locked_by")).isNull();
                OffsetDateTime failedAt = row.getObject("updated_at", OffsetDateTime.class);
                OffsetDateTime runAt = row.getObject("run_at", OffsetDateTime.class);
                assertThat(ChronoUnit.MILLIS.between(failedAt, runAt) / 1000.0)
                        .isCloseTo(backoffSeconds, within(0.5));
            }
        }
    }

    private long addJob(WorkerOptions options, String task) {
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            Job job = utils.addJob(task, null, AddJobOptions.defaults());
            return job.id();
        }
    }

    private WorkerOptions.Builder options(TaskList tasks) {
        return WorkerOptions.builder().connectionString(database.connectionString()).schema(schema).taskList(tasks);
    }

    private static TaskList tasks(String identifier, TaskHandler handler) {
        return TaskList.builder().task(identifier, handler).build();
    }

    private String quoted() {
        return "\"" + schema + "\"";
    }

}
