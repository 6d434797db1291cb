package dev.graphileworker.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A failure recorded by one runtime is retried by the other: it sees the attempts and the error,
 * and its own failure is recorded the same way, with {@code run_at} pushed back by
 * {@code exp(least(10, attempts))} seconds.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class FailureRetryTest {

    private static final String TASK = "interop_flaky";
    /** For rounding only (intervals have microseconds): every time here comes from the database's clock. */
    private static final Duration TOLERANCE = Duration.ofMillis(10);

    private final TestDatabase database;
    private final NodeScripts node = NodeScripts.locate();

    FailureRetryTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void failureByNodeIsRetriedByOurWorkerAndTheOtherWayRound() throws Exception {
        TestDatabase db = database.createDatabase();
        assertFailuresAlternate(db, new NodeRuntime(node.graphileWorker(NodeRelease.V0_18, db)), new JavaRuntime(db));
    }

    @Test
    void failureByOurWorkerIsRetriedByNodeAndTheOtherWayRound() throws Exception {
        TestDatabase db = database.createDatabase();
        assertFailuresAlternate(db, new JavaRuntime(db), new NodeRuntime(node.graphileWorker(NodeRelease.V0_18, db)));
    }

    /** first fails attempt 1, second fails attempt 2, first succeeds on attempt 3. */
    private static void assertFailuresAlternate(TestDatabase db, WorkerRuntime first, WorkerRuntime second)
            throws Exception {
        JavaWorker.installSchema(db);
        RunLog runLog = RunLog.create(db);
        long id;
        try (WorkerUtils utils = JavaWorker.utils(db)) {
            id = utils.addJob(TASK, JsonNodeFactory.instance.objectNode().put("n", 1), AddJobOptions.defaults()).id();
        }

        first.runOnce(TaskBehaviour.FAIL);
        assertFailed(db, id, 1, first.name(), lastRun(runLog));
        assertThat(lastRun(runLog).lastError()).isNull();

        makeDue(db, id);
        second.runOnce(TaskBehaviour.FAIL);
        Run secondRun = lastRun(runLog);
        assertThat(secondRun).returns(second.name(), Run::runtime).returns(2, Run::attempts)
                .returns(TaskBehaviour.failureMessage(first.name(), 1), Run::lastError);
        assertFailed(db, id, 2, second.name(), secondRun);

        makeDue(db, id);
        first.runOnce(TaskBehaviour.RECORD);
        assertThat(lastRun(runLog)).returns(first.name(), Run::runtime).returns(3, Run::attempts)
                .returns(TaskBehaviour.failureMessage(second.name(), 2), Run::lastError);
        assertThat(db.count("select count(*) from graphile_worker._private_jobs")).isZero();
        assertThat(runLog.runs()).extracting(Run::jobId).containsOnly(id);
    }

    /**
     * The job failed by the database's clock at some moment after its run started and before now;
     * run_at is that moment plus the back-off, so run_at minus the back-off lies in between.
     */
    private static void assertFailed(TestDatabase db, long id, int attempts, String runtime, Run run)
            throws Exception {
        try (Connection connection = db.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("select attempts, last_error, locked_by,"
                        + " run_at, now() as checked_at from graphile_worker._private_jobs where id = ?")) {
            statement.setLong(1, id);
            try (ResultSet job = statement.executeQuery()) {
                assertThat(job.next()).as("job %d is still there", id).isTrue();
                assertThat(job.getInt("attempts")).isEqualTo(attempts);
                assertThat(job.getString("last_error")).isEqualTo(TaskBehaviour.failureMessage(runtime, attempts));
                assertThat(job.getString("locked_by")).isNull();
                Duration backOff = Duration.ofNanos(Math.round(Math.exp(Math.min(10, attempts)) * 1e9));
                Instant failedAt = job.getObject("run_at", OffsetDateTime.class).toInstant().minus(backOff);
                Instant checkedAt = job.getObject("checked_at", OffsetDateTime.class).toInstant();
                assertThat(failedAt).as("run_at - exp(%d) s", attempts)
                        .isBetween(run.startedAt().minus(TOLERANCE), checkedAt.plus(TOLERANCE));
            }
        }
    }

    private static void makeDue(TestDatabase db, long id) throws Exception {
        db.execute("update graphile_worker._private_jobs set run_at = now() where id = " + id);
    }

    private static Run lastRun(RunLog runLog) throws Exception {
        List<Run> runs = runLog.runs();
        return runs.get(runs.size() - 1);
    }

    /** One of the two runtimes, running the test task once. */
    private interface WorkerRuntime {
        String name();

        void runOnce(TaskBehaviour behaviour) throws Exception;
    }

    private record JavaRuntime(TestDatabase db) implements WorkerRuntime {
        @Override
        public String name() {
            return RunLog.JAVA_RUNTIME;
        }

        @Override
        public void runOnce(TaskBehaviour behaviour) {
            JavaWorker.runOnce(db, Map.of(TASK, behaviour));
        }
    }

    private record NodeRuntime(NodeGraphileWorker worker) implements WorkerRuntime {
        @Override
        public String name() {
            return worker.release().runtimeName();
        }

        @Override
        public void runOnce(TaskBehaviour behaviour) throws Exception {
            worker.runOnce(Map.of(TASK, behaviour));
        }
    }
}
