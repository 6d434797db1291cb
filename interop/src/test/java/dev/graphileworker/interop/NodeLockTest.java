package dev.graphileworker.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dead worker recovery never takes a job from a Node.js graphile-worker: its worker ids promise no
 * session, so a Java worker cannot tell a Node worker with a long job from a dead one, and leaves its
 * locks to the four-hour lock timeout.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class NodeLockTest {

    private static final String HOLD = "interop_hold";
    private static final Duration RECOVERY_TIME = Duration.ofSeconds(2);

    private final TestDatabase database;
    private final NodeScripts node = NodeScripts.locate();

    NodeLockTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void aJavaWorkerLeavesTheJobOfANodeWorkerThatOutlastsTheRecoveryTime() throws Exception {
        TestDatabase db = database.createDatabase();
        JavaWorker.installSchema(db);
        RunLog.create(db);
        try (WorkerUtils utils = JavaWorker.utils(db)) {
            utils.addJob(HOLD, null);
            utils.addJob("control", null);
        }
        // The control: locked by a worker of ours that promised a session and has none, so that the Java
        // worker frees it one recovery time after its first look, when it would free the Node job too.
        String deadJavaWorker = WorkerIds.newSessionHolder();
        db.execute("update graphile_worker._private_jobs set locked_by = '" + deadJavaWorker + "',"
                + " locked_at = now() where task_id = (select id from graphile_worker._private_tasks"
                + " where identifier = 'control')");

        try (NodeProcess nodeWorker = node.graphileWorker(NodeRelease.V0_18, db)
                .start(Map.of(HOLD, TaskBehaviour.HOLD), 1)) {
            Poll.until("the Node worker runs the job", () -> db.count("select count(*) from interop_runs") == 1);
            String nodeWorkerId = lockHolderOf(db, HOLD);
            assertThat(WorkerIds.promisesSession(nodeWorkerId)).isFalse();

            try (RunningWorker javaWorker = GraphileWorker.run(JavaWorker.options(db, Map.of("interop_unused", TaskBehaviour.RECORD))
                    .deadWorkerRecoveryTime(RECOVERY_TIME).build())) {
                Poll.until("the control is freed", () -> db.count("select count(*) from graphile_worker._private_jobs"
                        + " where locked_by = '" + deadJavaWorker + "'") == 0);

                assertThat(lockHolderOf(db, HOLD)).isEqualTo(nodeWorkerId);
            }
            nodeWorker.closeStdin();
            nodeWorker.finish(NodeGraphileWorker.TIMEOUT).assertSucceeded();
        }
        assertThat(db.count("select count(*) from interop_runs where finished_at is not null")).isEqualTo(1);
    }

    private static String lockHolderOf(TestDatabase db, String task) throws Exception {
        List<List<String>> rows = db.rows("select locked_by from graphile_worker._private_jobs where task_id ="
                + " (select id from graphile_worker._private_tasks where identifier = '" + task + "')");
        assertThat(rows).hasSize(1);
        return rows.get(0).get(0);
    }
}
