package dev.graphileworker.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Java and a Node.js worker working one queue at once. */
@ExtendWith(PostgresDatabaseExtension.class)
class SharedQueueTest {

    private static final String TASK = "interop_record";
    private static final Map<String, TaskBehaviour> RECORD = Map.of(TASK, TaskBehaviour.RECORD);
    private static final int JOBS = 2_000;
    private static final int CONCURRENCY = 4;
    /** About 10 s on two idle cores; a busy machine may take several times that. */
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final Logger LOG = LoggerFactory.getLogger(SharedQueueTest.class);

    private final TestDatabase database;
    private final NodeScripts node = NodeScripts.locate();

    SharedQueueTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void javaAndNodeWorkersShareOneQueueRunningEveryJobOnceAndNamedQueuesOneJobAtATime() throws Exception {
        TestDatabase db = database.createDatabase();
        JavaWorker.installSchema(db);
        RunLog.create(db);
        List<JobSpec> jobs = new ArrayList<>();
        for (int n = 0; n < JOBS; n++) {
            // A quarter in five named queues, the rest in parallel.
            AddJobOptions options = n % 4 == 0
                    ? AddJobOptions.defaults().withQueueName("queue-" + (n % 5)) : AddJobOptions.defaults();
            jobs.add(new JobSpec(TASK, Map.of("n", n), options));
        }

        NodeOutput nodeOutput;
        try (NodeProcess nodeWorker = node.graphileWorker(NodeRelease.V0_18, db).start(RECORD, CONCURRENCY);
                RunningWorker javaWorker = GraphileWorker.run(JavaWorker.options(db, RECORD)
                        .concurrency(CONCURRENCY).build());
                WorkerUtils utils = JavaWorker.utils(db)) {
            utils.addJobs(jobs, false);
            awaitEmptyQueue(db);
            nodeWorker.closeStdin();
            nodeOutput = nodeWorker.finish(NodeGraphileWorker.TIMEOUT).assertSucceeded();
        }

        assertThat(db.rows("select job_id, count(*) from interop_runs group by job_id having count(*) <> 1"))
                .as("jobs that did not run exactly once (job_id, runs)").isEmpty();
        assertThat(db.count("select count(distinct job_id) from interop_runs")).isEqualTo(JOBS);
        assertThat(db.count("select count(*) from interop_runs where finished_at is null")).isZero();
        List<List<String>> runsByRuntime = db.rows("select runtime, count(*) from interop_runs group by runtime");
        LOG.info("Runs by runtime: {}", runsByRuntime);
        assertThat(runsByRuntime).as(nodeOutput.describe("shared the queue"))
                .extracting(row -> row.get(0)).contains(RunLog.JAVA_RUNTIME, NodeRelease.V0_18.runtimeName());
        assertThat(db.count("select count(*) from interop_runs where queue_name is not null"))
                .isEqualTo(JOBS / 4);
        assertThat(overlapsInNamedQueues(db)).as("runs in one named queue that overlapped").isEmpty();
        assertThat(db.count("select count(*) from graphile_worker._private_jobs")).isZero();
        assertThat(db.count("select count(*) from graphile_worker._private_job_queues"
                + " where locked_at is not null or locked_by is not null")).isZero();
    }

    /** Each run of a named queue must start after the one before it finished, by the database's clock. */
    private static List<List<String>> overlapsInNamedQueues(TestDatabase db) throws Exception {
        return db.rows("select queue_name, job_id, runtime, started_at, previous_job_id, previous_finished_at"
                + " from (select queue_name, job_id, runtime, started_at,"
                + "   lag(job_id) over queue as previous_job_id, lag(finished_at) over queue as previous_finished_at"
                + "   from interop_runs where queue_name is not null"
                + "   window queue as (partition by queue_name order by started_at)) as runs"
                + " where started_at < previous_finished_at");
    }

    private static void awaitEmptyQueue(TestDatabase db) {
        String left = "select count(*) from graphile_worker._private_jobs";
        Poll.until("the queue is empty", DEADLINE, () -> db.count(left) == 0,
                () -> db.count(left) + " jobs are still in the queue");
    }
}
