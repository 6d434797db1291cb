package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.cli.internal.tasks.TaskFiles;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers that blow up the JVM's way (out of memory, stack overflow) or fail without saying why,
 * run by {@code bin/graphile-worker} against a real PostgreSQL: each job fails with a message that
 * says what happened, and the same worker process goes on with the next jobs.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class HandlerErrorIT {

    private static final String RECORD_JOBS_LEFT =
            "select count(*) from {ledger}.added join {jobs} as jobs on jobs.id = added.job_id where kind = 'record'";

    private final TestDatabase database;
    @TempDir
    Path directory;

    HandlerErrorIT(TestDatabase database) {
        this.database = database;
    }

    @Test
    void handlerErrorsAndEmptyFailuresFailTheirJobWithAClearMessageAndTheWorkerGoesOn() throws Exception {
        try (FaultScenario scenario = FaultScenario.prepare(database.connectionString(), database.dataSource(),
                "faults_handler_errors", directory)) {
            // An executable that dies by a signal, leaving no output at all.
            TaskFiles.script(directory.resolve("tasks/vanish.sh"), "kill -9 $$");
            scenario.execute("insert into {ledger}.added select ({schema}.add_job(task, max_attempts := 1)).id, task"
                    + " from unnest(array['exhaust_memory', 'overflow_stack', 'fail_without_message', 'throw_null',"
                    + " 'fail_async_without_message', 'vanish']) as task");
            CommandProcess worker = scenario.startedWorker("--poll-interval", "100");

            scenario.awaitCount("every misbehaving job has failed",
                    "select count(*) from {jobs} where attempts = 1 and locked_by is null and last_error is not null", 6);
            scenario.execute("insert into {ledger}.added"
                    + " select ({schema}.add_job('record')).id, 'record' from generate_series(1, 5)");
            scenario.awaitCount("the jobs added after them are done", RECORD_JOBS_LEFT, 0);

            assertThat(scenario.texts("select kind || ': ' || last_error from {ledger}.added"
                    + " join {jobs} as jobs on jobs.id = added.job_id")).containsExactlyInAnyOrder(
                    "exhaust_memory: java.lang.OutOfMemoryError: Java heap space",
                    "overflow_stack: java.lang.StackOverflowError",
                    "fail_without_message: java.lang.IllegalStateException",
                    "throw_null: Cannot throw exception because \"null\" is null",
                    "fail_async_without_message: java.lang.RuntimeException",
                    "vanish: Process exited with code 137");
            assertThat(scenario.count("select count(*) from {ledger}.runs where outcome = 'succeeded' and pid = "
                    + worker.pid())).isEqualTo(5);
            assertThat(worker.isAlive()).as(scenario.logs()).isTrue();
            worker.terminate();
            assertThat(worker.awaitExit()).as(scenario.logs()).isZero();
            assertThat(scenario.texts(RunLedger.LOCKS_HELD)).isEmpty();
        }
    }
}
