package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.events.WorkerEventType;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A crontab given to {@link GraphileWorker#run} in library mode, against a real PostgreSQL. Backfill
 * makes ticks happen at start, so no test waits for real minutes: each item is registered as known
 * for two hours, and {@code fill=1h} asks for the 60 ticks of the last hour.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class CronEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int TICKS_IN_AN_HOUR = 60;

    private final TestDatabase database;
    private String schema;

    CronEndToEndTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void useASchemaOfThisTestsOwn(TestInfo test) {
        schema = "cron_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        if (schema.length() > 63) {
            schema = schema.substring(0, 63);
        }
    }

    @Test
    void workerRunWithACrontabEnqueuesTheBackfilledTicksWithCronTimestamps() throws Exception {
        WorkerOptions options = options("# backfilled at start\n* * * * * nightly ?id=every_minute&fill=1h {source: 'library'}");
        knownForTwoHours(options, "every_minute");

        try (RunningWorker worker = GraphileWorker.run(options)) {
            database.awaitCount("select count(*) from " + quoted() + "._private_jobs"
                    + " where (payload->'_cron'->>'backfilled')::boolean", TICKS_IN_AN_HOUR);
        }

        List<String> timestamps = database.texts("select payload->'_cron'->>'ts' from " + quoted() + "._private_jobs"
                + " where (payload->'_cron'->>'backfilled')::boolean order by run_at");
        assertThat(timestamps).hasSize(TICKS_IN_AN_HOUR).doesNotHaveDuplicates()
                .allSatisfy(ts -> assertThat(ts).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00\\.000Z"));
        Instant first = Instant.parse(timestamps.get(0));
        Instant last = Instant.parse(timestamps.get(TICKS_IN_AN_HOUR - 1));
        assertThat(Duration.between(first, last)).isEqualTo(Duration.ofMinutes(TICKS_IN_AN_HOUR - 1));
        assertThat(database.count("select count(*) from " + quoted() + "._private_jobs where payload->>'source' = 'library'"
                + " and run_at = (payload->'_cron'->>'ts')::timestamptz")).isEqualTo(database.count(
                        "select count(*) from " + quoted() + "._private_jobs"));
    }

    @Test
    void twoWorkersWithTheSameCrontabEnqueueEachTickExactlyOnce() throws Exception {
        CountDownLatch backfilled = new CountDownLatch(2);
        WorkerOptions options = options("* * * * * sync ?fill=1h\n*/5 * * * * rollup ?fill=1h&queue=rollups")
                .toBuilder().eventListener(event -> {
                    if (event.type() == WorkerEventType.CRON_STARTED) {
                        backfilled.countDown();
                    }
                }).build();
        knownForTwoHours(options, "sync", "rollup");

        List<RunningWorker> workers = new ArrayList<>();
        try {
            workers.add(GraphileWorker.run(options));
            workers.add(GraphileWorker.run(options));
            // A scheduler reports that it started once its backfill is done.
            assertThat(backfilled.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("both backfills done").isTrue();
        } finally {
            // Closing stops the schedulers and waits for them: nothing is in flight after this.
            workers.forEach(RunningWorker::close);
        }

        // Exactly once: no tick twice, none missing between the first and the last. How many ticks there
        // are, and which of them count as backfilled, is up to the clock: the two schedulers may start
        // in different minutes, each backfilling the hour before its own start, and minutes go by while
        // the test runs.
        assertThat(database.count("select count(*) from (select 1 from " + quoted() + "._private_jobs"
                + " group by task_id, payload->'_cron'->>'ts' having count(*) > 1) as duplicates")).isZero();
        assertEveryTickOnce(ticksOf("sync"), Duration.ofMinutes(1), TICKS_IN_AN_HOUR);
        assertEveryTickOnce(ticksOf("rollup"), Duration.ofMinutes(5), TICKS_IN_AN_HOUR / 5);
        assertThat(database.count("select count(*) from " + quoted() + "._private_jobs j join " + quoted()
                + "._private_job_queues q on q.id = j.job_queue_id where q.queue_name = 'rollups'"))
                .isEqualTo(database.count("select count(*) from " + quoted() + "._private_jobs j join " + quoted()
                        + "._private_tasks t on t.id = j.task_id where t.identifier = 'rollup'"));
    }

    @Test
    void stoppingTheWorkerStopsItsCronScheduler() throws Exception {
        WorkerOptions options = options("* * * * * tick ?fill=1h");
        knownForTwoHours(options, "tick");

        RunningWorker worker = GraphileWorker.run(options);
        Poll.until("the scheduler enqueues a tick", () -> database.count("select count(*) from " + quoted()
                + "._private_jobs") > 0);
        String schedulerThread = "graphile-worker-" + worker.workerId() + "-cron";
        assertThat(liveThreadNamed(schedulerThread)).isTrue();
        worker.close();

        assertThat(liveThreadNamed(schedulerThread)).isFalse();
    }

    @Test
    void runOnceIgnoresTheCrontab() throws Exception {
        WorkerOptions options = options("* * * * * tick ?fill=1h");
        knownForTwoHours(options, "tick");

        GraphileWorker.runOnce(options);

        assertThat(database.count("select count(*) from " + quoted() + "._private_jobs")).isZero();
    }

    @Test
    void badCrontabLineFailsTheStartWithItsLineNumberBeforeAnyConnection() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WorkerOptions options = WorkerOptions.builder()
                .connectionString("postgres://app:s3cret@127.0.0.1:" + closedPort + "/app")
                .crontab("# fine so far\n0 61 * * * rollup")
                .build();

        assertThatThrownBy(() -> GraphileWorker.run(options))
                .isInstanceOf(WorkerException.class)
                .hasMessage("crontab line 2: hour field '61' is out of range 0-23");
    }

    private WorkerOptions options(String crontab) {
        return WorkerOptions.builder().connectionString(database.connectionString()).schema(schema)
                .taskList(TaskList.empty()).crontab(crontab).build();
    }

    private void knownForTwoHours(WorkerOptions options, String... identifiers) throws SQLException {
        GraphileWorker.runMigrations(options);
        for (String identifier : identifiers) {
            database.execute("insert into " + quoted() + "._private_known_crontabs (identifier, known_since)"
                    + " values ('" + identifier + "', now() - interval '2 hours')");
        }
    }

    private List<Instant> ticksOf(String task) throws SQLException {
        return database.texts("select j.payload->'_cron'->>'ts' from " + quoted() + "._private_jobs j join " + quoted()
                + "._private_tasks t on t.id = j.task_id where t.identifier = '" + task + "'"
                + " order by (j.payload->'_cron'->>'ts')::timestamptz").stream().map(Instant::parse).toList();
    }

    /** At least the ticks of an hour, each one period after the one before: none missing, none twice. */
    private static void assertEveryTickOnce(List<Instant> ticks, Duration period, int atLeast) {
        assertThat(ticks).hasSizeGreaterThanOrEqualTo(atLeast);
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(Duration.between(ticks.get(i - 1), ticks.get(i))).as("after tick %s", ticks.get(i - 1))
                    .isEqualTo(period);
        }
    }

    private static boolean liveThreadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private String quoted() {
        return "\"" + schema + "\"";
    }
}
