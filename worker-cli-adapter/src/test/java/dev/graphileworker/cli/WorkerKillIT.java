package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes ended from outside while they run jobs: killed with SIGKILL (nothing is lost; the
 * dead worker's jobs run again once dead worker recovery frees them, in a worker that watched it die or
 * in one started in its place), or asked to stop with SIGTERM under load (every running job finishes
 * or is released; nothing stays locked).
 */
@ExtendWith(PostgresDatabaseExtension.class)
class WorkerKillIT {

    private final TestDatabase database;
    @TempDir
    Path directory;

    WorkerKillIT(TestDatabase database) {
        this.database = database;
    }

    @Test
    void jobsOfAWorkerKilledWithSigkillRunAgainOnceRecoveredAndNoneIsLost() throws Exception {
        try (FaultScenario scenario = prepare("faults_sigkill")) {
            // Recovery counts a worker's absence only while its censuses (a tenth of this time apart) come
            // without a long gap; on a busy machine a time of a second or two may never be reached.
            String[] options = {"--jobs", "4", "--poll-interval", "200", "--dead-worker-recovery-time", "5000"};
            CommandProcess survivor = scenario.startWorker(options);
            CommandProcess doomed = scenario.startWorker(options);
            survivor.awaitLogLine(line -> line.contains(" started: "));
            doomed.awaitLogLine(line -> line.contains(" started: "));
            scenario.execute("insert into {ledger}.added select ({schema}.add_job('record', '{\"sleepMs\": 1000}')).id,"
                    + " 'record' from generate_series(1, 32)");
            // A death watched by a peer: let the survivor see the doomed worker alive a few times first.
            scenario.awaitAtLeast("the doomed worker has run two rounds of jobs",
                    "select count(*) from {ledger}.runs where outcome = 'succeeded' and pid = " + doomed.pid(), 8);
            scenario.awaitAtLeast("the doomed worker runs jobs",
                    "select count(*) from {ledger}.runs where ended_at is null and pid = " + doomed.pid(), 2);

            doomed.kill();

            List<String> interrupted = scenario.texts("select job_id from {ledger}.runs where ended_at is null"
                    + " and pid = " + doomed.pid());
            String deadWorkerId = scenario.texts("select distinct worker_id from {ledger}.runs where pid = "
                    + doomed.pid()).get(0);
            assertThat(interrupted).isNotEmpty();
            scenario.awaitCount("every job is done", RunLedger.JOBS_LEFT, 0);

            survivor.awaitLogLine(line -> line.contains("Worker " + deadWorkerId + " is presumed dead"));
            assertThat(scenario.texts("select job_id from {ledger}.added except"
                    + " select job_id from {ledger}.runs where outcome = 'succeeded'")).isEmpty();
            // At least once: each interrupted job ran again, to the end, in the survivor, as a new attempt.
            assertThat(scenario.texts("select distinct job_id from {ledger}.runs where outcome = 'succeeded'"
                    + " and attempt >= 2 and pid = " + survivor.pid())).containsAll(interrupted);
            assertThat(scenario.texts(RunLedger.LOCKS_HELD)).isEmpty();
            survivor.terminate();
            assertThat(survivor.awaitExit()).as(scenario.logs()).isZero();
        }
    }

    @Test
    void aLoneWorkerKilledWithSigkillAndStartedAgainRunsItsPredecessorsJobsAgainAfterTheRecoveryTime()
            throws Exception {
        try (FaultScenario scenario = prepare("faults_restart")) {
            // What a supervisor (systemd, Kubernetes) does: one worker process, killed, then started anew.
            String[] options = {"--jobs", "2", "--poll-interval", "200", "--dead-worker-recovery-time", "5000"};
            scenario.execute("insert into {ledger}.added select ({schema}.add_job('record', '{\"sleepMs\": 600000}')).id,"
                    + " 'record' from generate_series(1, 2)");
            CommandProcess first = scenario.startWorker(options);
            scenario.awaitCount("the first worker runs both jobs",
                    "select count(*) from {ledger}.runs where ended_at is null and pid = " + first.pid(), 2);
            String firstWorkerId = scenario.texts("select distinct worker_id from {ledger}.runs where pid = "
                    + first.pid()).get(0);

            first.kill();
            // Started only once the session is gone, the new worker never sees its predecessor alive.
            scenario.awaitCount("the killed worker's sessions are gone", "select count(*) from pg_stat_activity"
                    + " where datname = current_database() and application_name like '%" + firstWorkerId + "'", 0);
            // Quick this time, so that the reruns end.
            scenario.execute("update {jobs} set payload = '{}'");
            String secondStartedAt = scenario.texts("select clock_timestamp()").get(0);

            CommandProcess second = scenario.startWorker(options);
            scenario.awaitCount("every job is done", RunLedger.JOBS_LEFT, 0);

            second.awaitLogLine(line -> line.contains("Worker " + firstWorkerId + " is presumed dead"));
            // At least once: each interrupted job ran again, to the end, in the new worker, as a new attempt,
            // and not before the new worker had watched its predecessor's absence for the recovery time.
            assertThat(scenario.texts("select job_id || ' ' || attempt || ' ' || outcome from {ledger}.runs"
                    + " where pid = " + second.pid() + " order by job_id"))
                    .hasSize(2).allMatch(run -> run.endsWith(" 2 succeeded"));
            assertThat(scenario.count("select count(*) from {ledger}.runs where pid = " + second.pid()
                    + " and started_at < '" + secondStartedAt + "'::timestamptz + interval '5 seconds'")).isZero();
            assertThat(scenario.texts(RunLedger.LOCKS_HELD)).isEmpty();
            second.terminate();
            assertThat(second.awaitExit()).as(scenario.logs()).isZero();
        }
    }

    @Test
    void sigtermUnderLoadLetsRunningJobsFinishOrReleasesThemAndLeavesNothingLocked() throws Exception {
        try (FaultScenario scenario = prepare("faults_sigterm")) {
            // 12 jobs that finish within the grace period, 12 that would run for ten minutes but stop
            // when the abort signal is raised, and 10 that wait behind them (priority 1).
            scenario.execute("insert into {ledger}.added"
                    + " select ({schema}.add_job('record', '{\"sleepMs\": 1500}')).id, 'short' from generate_series(1, 12)"
                    + " union all select ({schema}.add_job('record', '{\"sleepMs\": 600000}')).id, 'long'"
                    + " from generate_series(1, 12)"
                    + " union all select ({schema}.add_job('record', priority := 1)).id, 'waiting'"
                    + " from generate_series(1, 10)");
            CommandProcess worker = scenario.startWorker("--jobs", "24", "--max-pool-size", "30",
                    "--shutdown-grace-period", "4000", "--poll-interval", "200");
            scenario.awaitCount("24 jobs run at once",
                    "select count(*) from {ledger}.runs where ended_at is null", 24);

            worker.terminate();

            assertThat(worker.awaitExit()).as(scenario.logs()).isZero();
            assertThat(scenario.texts(RunLedger.LOCKS_HELD)).isEmpty();
            assertThat(scenario.texts("select added.job_id || ' ' || coalesce(runs.outcome, 'no end')"
                    + " from {ledger}.added join {ledger}.runs using (job_id) where kind = 'short'"))
                    .hasSize(12).allMatch(run -> run.endsWith(" succeeded"));
            assertThat(scenario.count("select count(*) from {ledger}.added join {jobs} as jobs on jobs.id = job_id"
                    + " where kind = 'short'")).isZero();
            // Released: back in the queue, unlocked, their attempt counted, to be retried after the back-off.
            assertThat(scenario.texts("select jobs.attempts || ' ' || jobs.last_error from {ledger}.added"
                    + " join {jobs} as jobs on jobs.id = job_id where kind = 'long'"))
                    .hasSize(12).containsOnly("1 Stopped early: the worker is shutting down");
            assertThat(scenario.texts("select job_id || ' ' || count(*) || ' ' || string_agg(outcome, ',')"
                    + " from {ledger}.added join {ledger}.runs using (job_id) where kind = 'long' group by job_id"))
                    .hasSize(12).allMatch(runs -> runs.endsWith(" 1 aborted"));
            // Waiting jobs either ran to the end (a slot came free before the signal) or never started.
            assertThat(scenario.texts("select added.job_id from {ledger}.added"
                    + " left join {jobs} as jobs on jobs.id = added.job_id where kind = 'waiting' and not ("
                    + " (jobs.id is null and exists (select 1 from {ledger}.runs as runs"
                    + "   where runs.job_id = added.job_id and outcome = 'succeeded'))"
                    + " or (jobs.attempts = 0 and not exists (select 1 from {ledger}.runs as runs"
                    + "   where runs.job_id = added.job_id)))")).isEmpty();
        }
    }

    private FaultScenario prepare(String schema) throws Exception {
        return FaultScenario.prepare(database.connectionString(), database.dataSource(), schema, directory);
    }
}
