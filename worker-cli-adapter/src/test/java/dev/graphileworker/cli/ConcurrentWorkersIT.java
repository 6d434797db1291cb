package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four worker processes on one queue of 10,000 jobs, three in ten of them in 30 named queues, one
 * attempt in ten failing (decided per job and attempt by the ledger's {@code fails}), two attempts
 * each: every job ends completed or failed after its attempts, each attempt runs once, no named
 * queue runs two jobs at once, and nothing stays locked.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class ConcurrentWorkersIT {

    private static final int FAIL_PERCENT = 10;

    private final TestDatabase database;
    @TempDir
    Path directory;

    ConcurrentWorkersIT(TestDatabase database) {
        this.database = database;
    }

    @Test
    void fourWorkersEndEveryJobAsPromisedAndKeepNamedQueuesSerial() throws Exception {
        try (FaultScenario scenario = FaultScenario.prepare(database.connectionString(), database.dataSource(),
                "faults_concurrent_workers", directory)) {
            List<CommandProcess> workers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                workers.add(scenario.startWorker("--jobs", "4", "--poll-interval", "100"));
            }
            // Jobs only once all four run: a worker still starting on a busy machine could otherwise find
            // the queue done, and this test asserts that each worker ran some jobs.
            for (CommandProcess worker : workers) {
                worker.awaitLogLine(line -> line.contains(" started: "));
            }
            // Jobs in named queues record their start when their task starts, after the claim, so that
            // overlapping runs prove two jobs of a queue held at once; the others record one row at the end.
            scenario.execute("insert into {ledger}.added select id, case when job_queue_id is null then 'free'"
                    + " else 'queued' end from {schema}.add_jobs(array(select row("
                    + "   case when i % 10 < 3 then 'record' else 'record_quickly' end,"
                    + "   json_build_object('failPercent', " + FAIL_PERCENT + "),"
                    + "   case when i % 10 < 3 then 'queue-' || (i / 10) % 30 end, null, 2, null, null, null)"
                    + "   ::{schema}.job_spec from generate_series(1, 10000) as i))");

            // About 20 s on two idle cores; a busy machine may take several times that.
            Poll.until("every job has completed or used its attempts", Duration.ofSeconds(180),
                    () -> scenario.count("select count(*) from {jobs} where locked_by is not null"
                            + " or attempts < max_attempts") == 0, scenario::logs);

            assertThat(scenario.texts(expectedAttemptsDiffer())).isEmpty();
            assertThat(scenario.texts(RunLedger.JOBS_SUCCEEDED_MORE_THAN_ONCE)).isEmpty();
            assertThat(scenario.texts(RunLedger.OVERLAPPING_RUNS_IN_A_QUEUE)).isEmpty();
            assertThat(scenario.texts(RunLedger.LOCKS_HELD)).isEmpty();
            assertThat(scenario.texts("select id || ' ' || last_error from {jobs}"))
                    .isNotEmpty()
                    .containsExactlyInAnyOrderElementsOf(scenario.texts("select job_id || ' Failed on purpose (job '"
                            + " || job_id || ', attempt 2)' from {ledger}.added where " + failsTwice()));
            assertThat(scenario.count("select count(distinct queue_name) from {ledger}.runs")).isEqualTo(30);
            for (CommandProcess worker : workers) {
                assertThat(scenario.count("select count(*) from {ledger}.runs where pid = " + worker.pid()))
                        .as("jobs run by worker %d", worker.pid()).isPositive();
                worker.terminate();
            }
            for (CommandProcess worker : workers) {
                assertThat(worker.awaitExit()).as(scenario.logs()).isZero();
            }
        }
    }

    /**
     * Jobs whose runs differ from what {@code fails} promises: attempt 1 succeeding; or attempt 1
     * failing, then attempt 2 succeeding; or both failing. One run per attempt, no more, no fewer.
     */
    private static String expectedAttemptsDiffer() {
        String runs = "coalesce(string_agg(runs.attempt || '=' || runs.outcome, ',' order by runs.id), '')";
        return "select added.job_id || ': ran ' || " + runs + " from {ledger}.added"
                + " left join {ledger}.runs as runs using (job_id) group by added.job_id having " + runs + " <> case"
                + " when not {ledger}.fails(added.job_id, 1, " + FAIL_PERCENT + ") then '1=succeeded'"
                + " when not {ledger}.fails(added.job_id, 2, " + FAIL_PERCENT + ") then '1=failed,2=succeeded'"
                + " else '1=failed,2=failed' end";
    }

    private static String failsTwice() {
        return "{ledger}.fails(job_id, 1, " + FAIL_PERCENT + ") and {ledger}.fails(job_id, 2, " + FAIL_PERCENT + ")";
    }
}
