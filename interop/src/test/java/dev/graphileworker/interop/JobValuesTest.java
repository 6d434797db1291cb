package dev.graphileworker.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A job added by one runtime reaches the other's task with the values it was added with: payload,
 * key, priority, queue, flags, attempts and run time.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class JobValuesTest {

    private static final String TASK = "interop_record";
    private static final Map<String, TaskBehaviour> RECORD = Map.of(TASK, TaskBehaviour.RECORD);
    private static final ObjectMapper JSON = new ObjectMapper();
    // In the past, so that the jobs are due; whole milliseconds, the precision of a JavaScript Date.
    private static final Instant EARLIER = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

    private final TestDatabase database;
    private final NodeScripts node = NodeScripts.locate();

    JobValuesTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void jobsAddedByNodeRunInOurWorkerWithTheirValues() throws Exception {
        TestDatabase db = database.createDatabase();
        NodeGraphileWorker nodeWorker = node.graphileWorker(NodeRelease.V0_18, db);
        nodeWorker.installSchema();
        RunLog runLog = RunLog.create(db);
        JsonNode fullPayload = json("{\"name\": \"Ada\", \"tags\": [\"a\", \"b\"], \"nested\": {\"n\": 1.5, \"none\": null}}");
        JsonNode quickPayload = json("{\"via\": \"quickAddJob\", \"text\": \"caf\\u00e9 \\ud83d\\ude00\"}");
        JsonNode plainPayload = json("{\"options\": \"none\"}");

        List<Long> ids = nodeWorker.addJobs(List.of(
                NodeJob.addJob(TASK, fullPayload)
                        .withOptions("from-node", EARLIER, 7, "node-add-job", -3, List.of("urgent", "beta")),
                NodeJob.quickAddJob(TASK, quickPayload)
                        .withOptions("from-node-quick", EARLIER.plusMillis(1), 2, "node-quick-add-job", 5, List.of("slow")),
                NodeJob.addJob(TASK, plainPayload)));
        JavaWorker.runOnce(db, RECORD);

        assertThat(byJobId(runLog.runs(), ids.get(0)))
                .returns(RunLog.JAVA_RUNTIME, Run::runtime)
                .returns(TASK, Run::taskIdentifier)
                .returns(fullPayload, Run::payload)
                .returns("from-node", Run::queueName)
                .returns(EARLIER, Run::runAt)
                .returns(7, Run::maxAttempts)
                .returns("node-add-job", Run::jobKey)
                .returns(-3, Run::priority)
                .returns(Set.of("urgent", "beta"), Run::flags)
                .returns(1, Run::attempts);
        assertThat(byJobId(runLog.runs(), ids.get(1)))
                .returns(quickPayload, Run::payload)
                .returns("from-node-quick", Run::queueName)
                .returns(EARLIER.plusMillis(1), Run::runAt)
                .returns(2, Run::maxAttempts)
                .returns("node-quick-add-job", Run::jobKey)
                .returns(5, Run::priority)
                .returns(Set.of("slow"), Run::flags);
        assertDefaults(byJobId(runLog.runs(), ids.get(2)), plainPayload);
        assertThat(runLog.runs()).hasSize(3);
        assertThat(db.count("select count(*) from graphile_worker.jobs")).isZero();
    }

    @Test
    void jobsAddedByOurWorkerUtilsRunInNodeWithTheirValues() throws Exception {
        TestDatabase db = database.createDatabase();
        JavaWorker.installSchema(db);
        RunLog runLog = RunLog.create(db);
        JsonNode fullPayload = json("{\"name\": \"Ada\", \"tags\": [\"a\", \"b\"], \"nested\": {\"n\": 1.5, \"none\": null}}");
        JsonNode batchPayload = json("{\"via\": \"addJobs\", \"text\": \"caf\\u00e9 \\ud83d\\ude00\"}");
        JsonNode plainPayload = json("{\"options\": \"none\"}");
        long fullId;
        long batchId;
        long plainId;
        try (WorkerUtils utils = JavaWorker.utils(db)) {
            fullId = utils.addJob(TASK, fullPayload, AddJobOptions.defaults().withQueueName("from-java")
                    .withRunAt(EARLIER).withMaxAttempts(7).withJobKey("java-add-job").withPriority(-3)
                    .withFlags(Set.of("urgent", "beta"))).id();
            batchId = utils.addJobs(List.of(new JobSpec(TASK, batchPayload, AddJobOptions.defaults()
                    .withQueueName("from-java-batch").withRunAt(EARLIER.plusMillis(1)).withMaxAttempts(2)
                    .withJobKey("java-add-jobs").withPriority(5).withFlags(Set.of("slow")))), false).get(0).id();
            plainId = utils.addJob(TASK, plainPayload).id();
        }

        NodeOutput output = node.graphileWorker(NodeRelease.V0_18, db).runOnce(RECORD);

        List<Run> runs = runLog.runs();
        assertThat(runs).as(output.describe("ran")).hasSize(3);
        assertThat(byJobId(runs, fullId))
                .returns(NodeRelease.V0_18.runtimeName(), Run::runtime)
                .returns(TASK, Run::taskIdentifier)
                .returns(fullPayload, Run::payload)
                .returns("from-java", Run::queueName)
                .returns(EARLIER, Run::runAt)
                .returns(7, Run::maxAttempts)
                .returns("java-add-job", Run::jobKey)
                .returns(-3, Run::priority)
                .returns(Set.of("urgent", "beta"), Run::flags)
                .returns(1, Run::attempts);
        assertThat(byJobId(runs, batchId))
                .returns(batchPayload, Run::payload)
                .returns("from-java-batch", Run::queueName)
                .returns(EARLIER.plusMillis(1), Run::runAt)
                .returns(2, Run::maxAttempts)
                .returns("java-add-jobs", Run::jobKey)
                .returns(5, Run::priority)
                .returns(Set.of("slow"), Run::flags);
        assertDefaults(byJobId(runs, plainId), plainPayload);
        assertThat(db.count("select count(*) from graphile_worker.jobs")).isZero();
    }

    private static void assertDefaults(Run run, JsonNode payload) {
        assertThat(run)
                .returns(payload, Run::payload)
                .returns(null, Run::queueName)
                .returns(25, Run::maxAttempts)
                .returns(null, Run::jobKey)
                .returns(0, Run::priority)
                .returns(Set.of(), Run::flags)
                .returns(1, Run::attempts)
                .returns(null, Run::lastError);
        assertThat(run.runAt()).isAfter(EARLIER);
    }

    private static Run byJobId(List<Run> runs, long jobId) {
        List<Run> matching = runs.stream().filter(run -> run.jobId() == jobId).toList();
        assertThat(matching).as("runs of job %d among %s", jobId, runs).hasSize(1);
        return matching.get(0);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
