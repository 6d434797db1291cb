package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.cli.internal.tasks.TaskFiles;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away under two workers that run a steady stream of jobs: restarted, or their
 * sessions ended by {@code pg_terminate_backend} again and again. The workers keep running, listen
 * again, complete every job, and log the outage once instead of a stack trace per attempt.
 *
 * <p>Each worker runs a task of its own, so each must keep up with its half of the stream. The first
 * ({@code nap_a}) polls only every ten minutes, so it keeps up only if its LISTEN connection came
 * back; the second ({@code nap_b}) polls every 100 ms, so it tries the database many times while it
 * is away.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class DatabaseOutageIT {

    private static final List<String> TASKS = List.of("nap_a", "nap_b");
    private static final List<String> POLL_INTERVALS = List.of("600000", "100");
    /** How often the stream must have failed to add a job before the database comes back: about a second. */
    private static final int REFUSALS_DURING_RESTART = 40;
    private static final int JOBS_PER_TASK_BETWEEN_FAULTS = 15;
    private static final int TERMINATION_ROUNDS = 5;
    /**
     * What the worker says when an outage begins, once per activity. The stale lock sweep runs only
     * within a minute of start and then every 8 to 10 minutes, but when that moment falls in a fault
     * it fails like the rest.
     */
    private static final List<String> OUTAGE_WARNINGS = List.of("Lost the connection that listens for new jobs",
            "Could not claim jobs", "Could not record job results", "Could not list the workers' sessions",
            "Could not look up the workers holding locks", "Could not free stale locks");

    private final TestDatabase database;
    @TempDir
    Path directory;

    DatabaseOutageIT(TestDatabase database) {
        this.database = database;
    }

    @Test
    void workersRideOutARestartOfPostgresql(@TempDir Path data) throws Exception {
        try (RestartablePostgres postgres = RestartablePostgres.start(data);
                FaultScenario scenario = FaultScenario.prepare(postgres.connectionString(), postgres.dataSource(),
                        "faults_restart", directory)) {
            List<CommandProcess> workers = startWorkers(scenario);
            try (JobStream stream = JobStream.start(scenario, TASKS.toArray(String[]::new))) {
                awaitProgressAfter(scenario, 0);

                postgres.stop();
                for (CommandProcess worker : workers) {
                    worker.awaitLogLine(line -> line.contains("Lost the connection that listens for new jobs"));
                }
                Poll.until("the database has been away for a while", Poll.DEADLINE,
                        () -> stream.refusals() >= REFUSALS_DURING_RESTART, scenario::logs);
                postgres.start();

                awaitProgressAfter(scenario, lastAddedJob(scenario));
            }
            scenario.awaitCount("every job added is done", RunLedger.JOBS_LEFT, 0);

            for (CommandProcess worker : workers) {
                awaitListeningAgain(scenario, worker);
                assertOutageLoggedOncePerFault(worker, 1);
            }
            stopCleanly(scenario, workers);
        }
    }

    @Test
    void workersRideOutTheirSessionsBeingTerminatedAgainAndAgain() throws Exception {
        TestDatabase ownDatabase = database.createDatabase();
        try (FaultScenario scenario = FaultScenario.prepare(ownDatabase.connectionString(), ownDatabase.dataSource(),
                "faults_terminated", directory)) {
            List<CommandProcess> workers = startWorkers(scenario);
            try (JobStream stream = JobStream.start(scenario, TASKS.toArray(String[]::new))) {
                awaitProgressAfter(scenario, 0);
                for (int round = 0; round < TERMINATION_ROUNDS; round++) {
                    long terminated = scenario.count("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                            + " where datname = current_database() and pid <> pg_backend_pid()"
                            + " and backend_type = 'client backend'");
                    assertThat(terminated).as("sessions terminated").isPositive();
                    awaitProgressAfter(scenario, lastAddedJob(scenario));
                }
            }
            scenario.awaitCount("every job added is done", RunLedger.JOBS_LEFT, 0);

            for (CommandProcess worker : workers) {
                awaitListeningAgain(scenario, worker);
                assertOutageLoggedOncePerFault(worker, TERMINATION_ROUNDS);
            }
            stopCleanly(scenario, workers);
        }
    }

    private List<CommandProcess> startWorkers(FaultScenario scenario) throws Exception {
        for (String task : TASKS) {
            TaskFiles.script(directory.resolve("tasks-" + task + "/" + task + ".sh"), "exit 0");
        }
        List<CommandProcess> workers = new ArrayList<>();
        for (int i = 0; i < TASKS.size(); i++) {
            workers.add(scenario.startWorker("--tasks", "tasks-" + TASKS.get(i), "--jobs", "4",
                    "--poll-interval", POLL_INTERVALS.get(i)));
        }
        for (CommandProcess worker : workers) {
            worker.awaitLogLine(line -> line.contains(" started: "));
        }
        return workers;
    }

    /** Waits until each worker has completed a few of its jobs added after {@code jobId}. */
    private static void awaitProgressAfter(FaultScenario scenario, long jobId) throws Exception {
        for (String task : TASKS) {
            scenario.awaitAtLeast(task + " jobs added after job " + jobId + " are done",
                    "select count(*) from {ledger}.added where kind = '" + task + "' and job_id > " + jobId
                            + " and not exists (select 1 from {jobs} as jobs where jobs.id = added.job_id)",
                    JOBS_PER_TASK_BETWEEN_FAULTS);
        }
    }

    private static long lastAddedJob(FaultScenario scenario) throws Exception {
        return scenario.count("select coalesce(max(job_id), 0) from {ledger}.added");
    }

    /**
     * Waits until the worker has logged that it listens again as often as it logged losing the
     * connection. Progress alone does not show it for the worker that polls every 100 ms: it keeps up
     * without notifications, while its listener may still be waiting to reconnect (backing off up to
     * a few seconds after a restart).
     */
    private static void awaitListeningAgain(FaultScenario scenario, CommandProcess worker) throws Exception {
        Poll.until("worker " + worker.pid() + " listens again after each lost connection", Poll.DEADLINE, () -> {
            WorkerLog log = new WorkerLog(worker.stderr());
            return log.events("Listening for new jobs again")
                    >= log.events("Lost the connection that listens for new jobs");
        }, scenario::logs);
    }

    /**
     * Each of the worker's activities that needs the database (listening, claiming, recording results,
     * looking for dead workers, freeing stale locks) reports an outage at most once per fault, and
     * listening reports that it is back; nothing else is warned about, and no other event carries a
     * stack trace (HikariCP's warning per broken connection is not shown).
     */
    private static void assertOutageLoggedOncePerFault(CommandProcess worker, int faults) {
        WorkerLog log = new WorkerLog(worker.stderr());
        String context = "worker " + worker.pid() + ":\n" + worker.stderr();
        long lost = log.events("Lost the connection that listens for new jobs");
        assertThat(lost).as(context).isBetween(1L, (long) faults);
        assertThat(log.events("Listening for new jobs again")).as(context).isEqualTo(lost);
        for (String outage : OUTAGE_WARNINGS) {
            assertThat(log.events(outage)).as(context).isLessThanOrEqualTo(faults);
        }
        assertThat(log.warnings()).as(context)
                .allMatch(warning -> OUTAGE_WARNINGS.stream().anyMatch(warning::contains));
        assertThat(log.eventsWithStackTraces()).as(context)
                .allMatch(event -> OUTAGE_WARNINGS.stream().anyMatch(event::contains));
    }

    private static void stopCleanly(FaultScenario scenario, List<CommandProcess> workers) throws Exception {
        for (CommandProcess worker : workers) {
            assertThat(worker.isAlive()).as(scenario.logs()).isTrue();
            worker.terminate();
        }
        for (CommandProcess worker : workers) {
            assertThat(worker.awaitExit()).as(scenario.logs()).isZero();
        }
        assertThat(scenario.texts(RunLedger.LOCKS_HELD)).isEmpty();
    }
}
