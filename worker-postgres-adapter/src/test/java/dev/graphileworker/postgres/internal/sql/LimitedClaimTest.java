package dev.graphileworker.postgres.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.TaskLimit;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.postgres.internal.admin.PostgresAdministration;
import dev.graphileworker.postgres.internal.presence.PostgresWorkerSessions;
import dev.graphileworker.postgres.internal.schema.LimitsSchema;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The claim of a limited task: never more running, nor more starts per window, than the limit allows. */
@ExtendWith(PostgresDatabaseExtension.class)
class LimitedClaimTest {

    private static final String SCHEMA = SchemaName.quote("graphile_worker");
    private static final String LIMITS = LimitsSchema.quotedNameFor("graphile_worker");

    private final TestDatabase database;
    private final DataSource dataSource;
    private final PostgresJobStore store;
    private final PostgresWorkerUtils admin;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    LimitedClaimTest(TestDatabase database) {
        this.database = database;
        dataSource = database.dataSource();
        TestMigrator.of(dataSource, "graphile_worker").migrate();
        new LimitsSchema(dataSource, "graphile_worker").install();
        // The database is the class's: each test starts from an empty queue.
        database.execute("delete from " + SCHEMA + "._private_jobs");
        database.execute("delete from " + SCHEMA + "._private_job_queues");
        database.execute("delete from " + LIMITS + ".task_starts");
        ObjectMapper objectMapper = new ObjectMapper();
        JobRows jobRows = new JobRows(() -> objectMapper, SCHEMA);
        store = new PostgresJobStore(dataSource, SCHEMA, jobRows, Optional.empty(), Optional.of(LIMITS));
        admin = new PostgresWorkerUtils(dataSource, new JobFunctions(() -> objectMapper, SCHEMA, jobRows),
                new CleanupStatements(SCHEMA, CleanupStatements.DEFAULT_LOCK_TIMEOUT),
                new QueueDepthQuery(SCHEMA),
                new PostgresAdministration(dataSource, SCHEMA, jobRows,
                        new PostgresWorkerSessions(dataSource, SCHEMA)), () -> { }, () -> { });
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static TaskLimit limit(String task, int maxRunning) {
        return WorkerOptions.builder().connectionString("postgres:///x").taskConcurrencyLimit(task, maxRunning)
                .build().taskLimits().get(task);
    }

    private static TaskLimit rate(String task, int starts, Duration per) {
        return WorkerOptions.builder().connectionString("postgres:///x").taskRateLimit(task, starts, per)
                .build().taskLimits().get(task);
    }

    private void addJobs(String task, int count) {
        for (int i = 0; i < count; i++) {
            admin.addJob(task, null, AddJobOptions.defaults());
        }
    }

    private static List<Long> ids(List<JobRow> jobs) {
        return jobs.stream().map(JobRow::id).toList();
    }

    @Test
    void claimsNoMoreThanTheLimitLessWhatOtherWorkersRun() {
        addJobs("send_email", 20);
        TaskLimit five = limit("send_email", 5);

        List<JobRow> first = store.claimLimitedJobs("worker-a", five, Set.of(), 3);
        assertThat(first).hasSize(3);
        assertThat(store.claimLimitedJobs("worker-b", five, Set.of(), 10)).hasSize(2);
        assertThat(store.claimLimitedJobs("worker-c", five, Set.of(), 10)).isEmpty();

        store.completeJobs("worker-a", ids(first.subList(0, 1)));
        assertThat(store.claimLimitedJobs("worker-c", five, Set.of(), 10)).hasSize(1);
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs where locked_at is not null"))
                .isEqualTo(5);
    }

    @Test
    void jobsLockedByAnUnlimitedClaimCountTooButOtherTasksDoNot() {
        addJobs("send_email", 10);
        addJobs("other", 10);
        // A worker that knows no limit (a Node.js worker, say) takes four.
        assertThat(store.claimJobs("node-worker", Set.of("send_email"), Set.of(), 4)).hasSize(4);
        assertThat(store.claimJobs("node-worker", Set.of("other"), Set.of(), 10)).hasSize(10);

        assertThat(store.claimLimitedJobs("worker-a", limit("send_email", 5), Set.of(), 10)).hasSize(1);
    }

    @Test
    void aLockOlderThanTheLockTimeoutDoesNotCount() throws SQLException {
        addJobs("send_email", 10);
        TaskLimit five = limit("send_email", 5);
        List<JobRow> dead = store.claimLimitedJobs("worker-dead", five, Set.of(), 5);
        assertThat(dead).hasSize(5);
        assertThat(store.claimLimitedJobs("worker-a", five, Set.of(), 5)).isEmpty();

        database.execute("update " + SCHEMA + "._private_jobs set locked_at = now() - interval '4 hours 1 second'"
                + " where locked_by = 'worker-dead'");

        assertThat(store.claimLimitedJobs("worker-a", five, Set.of(), 10)).hasSize(5);
    }

    @Test
    void concurrentClaimersNeverExceedTheLimitTogether() throws Exception {
        addJobs("send_email", 200);
        TaskLimit five = limit("send_email", 5);
        int claimers = 8;
        for (int round = 0; round < 15; round++) {
            CyclicBarrier start = new CyclicBarrier(claimers);
            List<Future<List<JobRow>>> claims = new ArrayList<>();
            for (int c = 0; c < claimers; c++) {
                String worker = "worker-" + c;
                claims.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return store.claimLimitedJobs(worker, five, Set.of(), 3);
                }));
            }
            List<List<JobRow>> results = new ArrayList<>();
            for (Future<List<JobRow>> claim : claims) {
                results.add(claim.get(60, TimeUnit.SECONDS));
            }
            // Every claim of the round has returned before any job completes.
            assertThat(results.stream().mapToInt(List::size).sum()).as("jobs claimed in round %d", round).isEqualTo(5);
            for (List<JobRow> jobs : results) {
                if (!jobs.isEmpty()) {
                    store.completeJobs(jobs.get(0).lockedBy().orElseThrow(), ids(jobs));
                }
            }
        }
    }

    @Test
    void namedQueuesAndForbiddenFlagsStillHold() {
        for (int i = 0; i < 3; i++) {
            admin.addJob("send_email", null, AddJobOptions.defaults().withQueueName("serial"));
        }
        admin.addJob("send_email", null, AddJobOptions.defaults().withFlags(Set.of("slow")));
        admin.addJob("send_email", null, AddJobOptions.defaults());

        List<JobRow> claimed = store.claimLimitedJobs("worker-a", limit("send_email", 5), Set.of("slow"), 10);

        assertThat(claimed).hasSize(2);
        assertThat(claimed).filteredOn(job -> "serial".equals(job.queue())).hasSize(1);
    }

    @Test
    void aRateLimitCountsStartsInTheWindowAcrossCompletionsAndPrunesOlderOnes() throws SQLException {
        addJobs("send_sms", 20);
        TaskLimit threePerHour = rate("send_sms", 3, Duration.ofHours(1));

        List<JobRow> first = store.claimLimitedJobs("worker-a", threePerHour, Set.of(), 10);
        assertThat(first).hasSize(3);
        store.completeJobs("worker-a", ids(first));
        assertThat(store.claimLimitedJobs("worker-b", threePerHour, Set.of(), 10)).isEmpty();
        assertThat(database.count("select count(*) from " + LIMITS + ".task_starts where task_identifier = 'send_sms'"))
                .isEqualTo(3);

        database.execute("update " + LIMITS + ".task_starts set started_at = now() - interval '61 minutes'");

        assertThat(store.claimLimitedJobs("worker-b", threePerHour, Set.of(), 2)).hasSize(2);
        assertThat(database.count("select count(*) from " + LIMITS + ".task_starts")).as("old starts pruned").isEqualTo(2);
        assertThat(store.claimLimitedJobs("worker-c", threePerHour, Set.of(), 10)).hasSize(1);
    }

    @Test
    void bothLimitsTogetherAllowTheLesser() {
        addJobs("send_sms", 20);
        TaskLimit both = WorkerOptions.builder().connectionString("postgres:///x")
                .taskConcurrencyLimit("send_sms", 2).taskRateLimit("send_sms", 3, Duration.ofHours(1))
                .build().taskLimits().get("send_sms");

        List<JobRow> first = store.claimLimitedJobs("worker-a", both, Set.of(), 10);
        assertThat(first).hasSize(2);
        store.completeJobs("worker-a", ids(first));
        assertThat(store.claimLimitedJobs("worker-a", both, Set.of(), 10)).hasSize(1);
    }

    @Test
    void aTaskNeverSeenClaimsNothing() {
        assertThat(store.claimLimitedJobs("worker-a", limit("unknown", 5), Set.of(), 10)).isEmpty();
        assertThat(store.claimLimitedJobs("worker-a", rate("unknown", 5, Duration.ofMinutes(1)), Set.of(), 10)).isEmpty();
    }
}
