package dev.graphileworker.postgres.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.postgres.internal.presence.SessionName;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.sql.JobRows;
import dev.graphileworker.postgres.internal.sql.PostgresJobStore;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fast recovery of dead workers against a real PostgreSQL: dead workers (a JVM killed with
 * {@code kill -9}) lose their jobs to a live worker soon after, whether that worker watched them die
 * or was started in their place; live ones keep theirs however slow their jobs or however they are
 * briefly cut off; others wait for the four-hour lock timeout.
 *
 * <p>The tests never wait for time to pass. To show that "long enough" has passed they use a
 * control: a worker id whose session the observing worker saw and which then vanishes (a plain
 * connection named like a worker's, closed by the test). Once the control's job is unlocked, the
 * observer has watched for a full recovery time since the control vanished.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class DeadWorkerRecoveryTest {

    private static final Duration RECOVERY_TIME = Duration.ofSeconds(4);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final TestDatabase database;
    private String schema;
    /**
     * The observing worker's {@code application_name}, new for each test: the sessions of an earlier
     * test's observer linger a moment after it stops, still showing their last census.
     */
    private String observerName;

    DeadWorkerRecoveryTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void useASchemaOfThisTestsOwn(TestInfo test) {
        String name = "recovery_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        schema = name.length() > 63 ? name.substring(0, 63) : name;
        observerName = "observer-" + UUID.randomUUID();
        GraphileWorker.runMigrations(options("migrations").build());
    }

    @Test
    void theJobOfAWorkerKilledOutrightIsRecoveredAndRunsAgainOnAnotherWorker() throws Exception {
        long job = addJob("block", AddJobOptions.defaults());
        BlockingQueue<Integer> rerunAttempts = new LinkedBlockingQueue<>();

        try (DoomedWorkerProcess doomed = DoomedWorkerProcess.start(database.connectionString(), schema,
                RECOVERY_TIME)) {
            String doomedId = doomed.await("STARTED", DEADLINE);
            assertThat(doomed.await("RUNNING", DEADLINE)).isEqualTo(Long.toString(job));
            assertThat(lockedBy(job)).isEqualTo(doomedId);

            try (RunningWorker observer = GraphileWorker.run(options(observerName)
                    .taskList(tasks("block", (payload, helpers) -> rerunAttempts.add(helpers.job().attempts())))
                    .build())) {
                awaitCensusBy(observerName);

                doomed.killAbruptly();

                // Picked up at once: the unlock announces the freed job on jobs:insert, and polling is hourly.
                assertThat(rerunAttempts.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
                Poll.until("the rerun job is completed", () -> lockedBy(job).equals("deleted"));
            }
        }
    }

    @Test
    void theJobOfALoneWorkerKilledOutrightIsFreedByTheWorkerStartedInItsPlace() throws Exception {
        long job = addJob("block", AddJobOptions.defaults());
        String doomedId;
        try (DoomedWorkerProcess doomed = DoomedWorkerProcess.start(database.connectionString(), schema,
                RECOVERY_TIME)) {
            doomedId = doomed.await("STARTED", DEADLINE);
            assertThat(doomed.await("RUNNING", DEADLINE)).isEqualTo(Long.toString(job));
            doomed.killAbruptly();
        }
        // Started only once the session is gone, the successor never sees its predecessor alive.
        Poll.until("the killed worker's session is gone", () -> !hasSession(doomedId));
        assertThat(lockedBy(job)).isEqualTo(doomedId);
        BlockingQueue<Integer> rerunAttempts = new LinkedBlockingQueue<>();

        long startedAt = System.nanoTime();
        try (RunningWorker successor = GraphileWorker.run(options("successor")
                .taskList(tasks("block", (payload, helpers) -> rerunAttempts.add(helpers.job().attempts())))
                .build())) {
            assertThat(rerunAttempts.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
            // The successor watched the absence for the whole recovery time before it freed the job.
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isGreaterThan(RECOVERY_TIME);
            Poll.until("the rerun job is completed", () -> lockedBy(job).equals("deleted"));
        }
    }

    @Test
    void aWorkerWhoseJobOutlastsTheRecoveryTimeKeepsIt() throws Exception {
        long slowJob = addJob("slow", AddJobOptions.defaults());
        SlowTask slow = new SlowTask();
        try (RunningWorker worker = GraphileWorker.run(options("slow-worker").taskList(slow.tasks()).build())) {
            try {
                assertThat(slow.started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                Control control = Control.open(this);
                try (RunningWorker observer = GraphileWorker.run(options(observerName).build())) {
                    awaitCensusBy(observerName);

                    control.vanishAndAwaitRecovery();

                    assertThat(lockedBy(slowJob)).isEqualTo(worker.workerId());
                    assertThat(slow.runs.get()).isEqualTo(1);
                }
            } finally {
                slow.finish.countDown();
            }
            Poll.until("the slow job is completed", () -> lockedBy(slowJob).equals("deleted"));
            assertThat(slow.runs.get()).isEqualTo(1);
        }
    }

    @Test
    void aWorkerWhoseConnectionsAreKilledOnceReconnectsAndKeepsItsJobs() throws Exception {
        long slowJob = addJob("slow", AddJobOptions.defaults());
        SlowTask slow = new SlowTask();
        // Its id promises a session: the observer watches it from its locks as well as from its session.
        try (RunningWorker worker = GraphileWorker.run(options("cut-off-worker").taskList(slow.tasks()).build())) {
            assertThat(WorkerIds.promisesSession(worker.workerId())).isTrue();
            try {
                assertThat(slow.started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                Control control = Control.open(this);
                try (RunningWorker observer = GraphileWorker.run(options(observerName).build())) {
                    awaitCensusBy(observerName);

                    long killed = database.count("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                            + " where datname = current_database() and application_name in ('cut-off-worker', '"
                            + SessionName.of(worker.workerId()) + "')");
                    assertThat(killed).isPositive();
                    Poll.until("the worker's session is back", () -> hasSession(worker.workerId()));
                    control.vanishAndAwaitRecovery();

                    assertThat(lockedBy(slowJob)).isEqualTo(worker.workerId());
                }
            } finally {
                slow.finish.countDown();
            }
            Poll.until("the job is completed after the reconnect", () -> lockedBy(slowJob).equals("deleted"));
            assertThat(slow.runs.get()).isEqualTo(1);
        }
    }

    @Test
    void aLockHeldByANodeWorkerWaitsForTheFourHourLockTimeout() throws Exception {
        // A Node.js graphile-worker: an id that promises no session, and no session. Alive or dead, it looks like this.
        String nodeWorker = WorkerIds.newPlain();
        long nodeJob = addJob("node_task", AddJobOptions.defaults());
        lock(nodeJob, nodeWorker);
        Control control = Control.open(this);
        try (RunningWorker observer = GraphileWorker.run(options(observerName).build())) {
            awaitCensusBy(observerName);

            control.vanishAndAwaitRecovery();

            assertThat(lockedBy(nodeJob)).isEqualTo(nodeWorker);
        }

        database.execute("update " + quoted() + "._private_jobs set locked_at = now() - interval '4 hours 1 second'"
                + " where id = " + nodeJob);
        assertThat(new PostgresJobStore(database.dataSource(), quoted(), new JobRows(ObjectMapper::new, quoted()))
                .releaseStaleLocks()).isEqualTo(1);
        assertThat(lockedBy(nodeJob)).isNull();
    }

    @Test
    void theJobOfAKilledWorkerThatHadRecoveryOffWaitsForTheFourHourLockTimeout() throws Exception {
        long job = addJob("block", AddJobOptions.defaults());
        try (DoomedWorkerProcess doomed = DoomedWorkerProcess.start(database.connectionString(), schema,
                Duration.ZERO)) {
            String doomedId = doomed.await("STARTED", DEADLINE);
            doomed.await("RUNNING", DEADLINE);
            assertThat(hasSession(doomedId)).isFalse();
            Control control = Control.open(this);
            try (RunningWorker observer = GraphileWorker.run(options(observerName).build())) {
                awaitCensusBy(observerName);

                doomed.killAbruptly();
                control.vanishAndAwaitRecovery();

                assertThat(lockedBy(job)).isEqualTo(doomedId);
            }
        }
    }

    @Test
    void aWorkerWithRecoveryOffRecoversNobody() throws Exception {
        Control control = Control.open(this);
        CountDownLatch firstTick = new CountDownLatch(1);
        CountDownLatch lastTick = new CountDownLatch(1);
        TaskList ticks = TaskList.builder()
                .task("first_tick", (payload, helpers) -> firstTick.countDown())
                .task("last_tick", (payload, helpers) -> lastTick.countDown())
                .build();
        addJob("first_tick", AddJobOptions.defaults().withRunAt(Instant.now().plusSeconds(1)));
        try (RunningWorker worker = GraphileWorker.run(options("recovery-off").taskList(ticks)
                .pollInterval(Duration.ofMillis(200)).deadWorkerRecoveryTime(Duration.ZERO).build())) {
            // Scheduled jobs as timers: the worker is seen running before and well after the control vanishes.
            assertThat(firstTick.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            control.vanish();
            addJob("last_tick", AddJobOptions.defaults().withRunAt(Instant.now().plus(RECOVERY_TIME.multipliedBy(2))));
            assertThat(lastTick.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(lockedBy(control.job)).isEqualTo(control.workerId);
            assertThat(hasSession(worker.workerId())).isFalse();
            assertThat(database.count("select count(*) from pg_stat_activity where datname = current_database()"
                    + " and application_name = 'recovery-off' and query like '%pg_stat_activity%'")).isZero();
        }
    }

    /**
     * A worker id seen alive by the observer (a plain connection carrying its session name) that
     * holds a job; vanishing closes the connection, as a killed worker's sessions end.
     */
    private static final class Control {
        private final DeadWorkerRecoveryTest test;
        private final String workerId = WorkerIds.newPlain();
        private final Connection session;
        private final long job;

        private Control(DeadWorkerRecoveryTest test) throws SQLException {
            this.test = test;
            this.session = test.sessionNamed(SessionName.of(workerId));
            this.job = test.addJob("control", AddJobOptions.defaults());
            test.lock(job, workerId);
        }

        /** Opens the control's session: do it before the observer starts, so the observer sees it. */
        static Control open(DeadWorkerRecoveryTest test) throws SQLException {
            return new Control(test);
        }

        void vanish() throws SQLException {
            session.close();
        }

        void vanishAndAwaitRecovery() throws Exception {
            vanish();
            Poll.until("the control's job is recovered", () -> test.lockedBy(job) == null);
        }
    }

    /** A task whose job runs until the test lets it finish. */
    private static final class SlowTask {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();

        TaskList tasks() {
            return DeadWorkerRecoveryTest.tasks("slow", (payload, helpers) -> {
                runs.incrementAndGet();
                started.countDown();
                finish.await();
            });
        }
    }

    /**
     * The observer's census leaves its query text on the pooled session that ran it. Once that session
     * is idle again with that text, a census has finished, and it saw every session opened before the
     * observer started. (A census still running might take its snapshot after a session the test
     * closes next.)
     */
    private void awaitCensusBy(String applicationName) throws Exception {
        Poll.until("a finished census by " + applicationName, () -> database.count("select count(*)"
                + " from pg_stat_activity"
                + " where datname = current_database() and application_name = '" + applicationName + "'"
                + " and state = 'idle' and query like '%pg_stat_activity%'") > 0);
    }

    private WorkerOptions.Builder options(String applicationName) {
        return WorkerOptions.builder()
                .connectionString(database.connectionString()
                        + (database.connectionString().contains("?") ? "&" : "?") + "application_name=" + applicationName)
                .schema(schema)
                .taskList(tasks("unused", (payload, helpers) -> { }))
                .pollInterval(Duration.ofHours(1))
                .deadWorkerRecoveryTime(RECOVERY_TIME);
    }

    private static TaskList tasks(String identifier, TaskHandler handler) {
        return TaskList.builder().task(identifier, handler).build();
    }

    private long addJob(String task, AddJobOptions addJobOptions) {
        try (WorkerUtils utils = GraphileWorker.workerUtils(options("test-utils").build())) {
            return utils.addJob(task, null, addJobOptions).id();
        }
    }

    private void lock(long job, String workerId) throws SQLException {
        database.execute("update " + quoted() + "._private_jobs set locked_by = '" + workerId + "', locked_at = now(),"
                + " attempts = attempts + 1 where id = " + job);
    }

    /** @return who locks the job, null when nobody does, {@code deleted} once it is gone */
    private String lockedBy(long job) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select locked_by from " + quoted() + "._private_jobs where id = ?")) {
            statement.setLong(1, job);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : "deleted";
            }
        }
    }

    private boolean hasSession(String workerId) throws SQLException {
        return database.count("select count(*) from pg_stat_activity where datname = current_database()"
                + " and application_name = '" + SessionName.of(workerId) + "'") > 0;
    }

    private Connection sessionNamed(String applicationName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }

    private String quoted() {
        return SchemaName.quote(schema);
    }
}
