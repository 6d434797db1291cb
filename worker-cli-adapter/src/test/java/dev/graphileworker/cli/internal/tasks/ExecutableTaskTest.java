package dev.graphileworker.cli.internal.tasks;

import static dev.graphileworker.cli.internal.tasks.TaskFiles.script;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.cli.internal.tasks.WorkerDatabase.StoredJob;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Executables of the task folder run through a real worker against PostgreSQL. */
@ExtendWith(PostgresDatabaseExtension.class)
class ExecutableTaskTest {

    private final TestDatabase testDatabase;
    private WorkerDatabase database;

    @TempDir
    Path folder;
    @TempDir
    Path scratch;

    ExecutableTaskTest(TestDatabase testDatabase) {
        this.testDatabase = testDatabase;
    }

    @BeforeEach
    void useASchemaOfThisTestsOwn(TestInfo test) {
        database = new WorkerDatabase(testDatabase, "exe_" + test.getTestMethod().orElseThrow().getName().toLowerCase());
    }

    @Test
    void scriptGetsTheJobInItsEnvironmentAndThePayloadOnStandardInputAsGraphileWorkerGivesThem() throws Exception {
        script(folder.resolve("users/verify.sh"), "env > \"" + scratch + "/env-$GRAPHILE_WORKER_JOB_ID\"\n"
                + "cat > \"" + scratch + "/stdin-$GRAPHILE_WORKER_JOB_ID\"");
        WorkerOptions options = database.options(TaskFolder.load(folder)).build();
        GraphileWorker.runMigrations(options);
        Instant runAt = Instant.parse("2024-05-06T07:08:09.123456Z");
        Job keyed;
        Job unkeyed;
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            keyed = utils.addJob("users/verify", Map.of("name", "Bobby", "tables", 7), AddJobOptions.defaults()
                    .withJobKey("verify-bobby").withPriority(3).withMaxAttempts(7).withRunAt(runAt));
            unkeyed = utils.addJob("users/verify", null);
        }

        GraphileWorker.runOnce(options);

        assertThat(graphileVariables(keyed.id())).isEqualTo(Map.of(
                "GRAPHILE_WORKER_PAYLOAD_FORMAT", "json",
                "GRAPHILE_WORKER_TASK_IDENTIFIER", "users/verify",
                "GRAPHILE_WORKER_JOB_ID", Long.toString(keyed.id()),
                "GRAPHILE_WORKER_JOB_KEY", "verify-bobby",
                "GRAPHILE_WORKER_JOB_ATTEMPTS", "1",
                "GRAPHILE_WORKER_JOB_MAX_ATTEMPTS", "7",
                "GRAPHILE_WORKER_JOB_PRIORITY", "3",
                "GRAPHILE_WORKER_JOB_RUN_AT", "2024-05-06T07:08:09.123Z"));
        assertThat(Files.readString(scratch.resolve("stdin-" + keyed.id())))
                .isIn("{\"payload\":{\"name\":\"Bobby\",\"tables\":7}}", "{\"payload\":{\"tables\":7,\"name\":\"Bobby\"}}");

        Map<String, String> unkeyedVariables = graphileVariables(unkeyed.id());
        assertThat(unkeyedVariables).doesNotContainKey("GRAPHILE_WORKER_JOB_KEY")
                .containsEntry("GRAPHILE_WORKER_JOB_PRIORITY", "0")
                .containsEntry("GRAPHILE_WORKER_JOB_MAX_ATTEMPTS", "25");
        assertThat(Instant.parse(unkeyedVariables.get("GRAPHILE_WORKER_JOB_RUN_AT")))
                .isEqualTo(unkeyed.runAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(Files.readString(scratch.resolve("stdin-" + unkeyed.id()))).isEqualTo("{\"payload\":{}}");

        assertThat(database.job(keyed.id())).as("a job whose script exits 0 is done").isEmpty();
        assertThat(database.job(unkeyed.id())).isEmpty();
    }

    @Test
    void failingScriptFailsTheJobWithItsExitCodeAndTheEndOfItsStandardErrorAndLogsItsOutputAsTheJobs()
            throws Exception {
        script(folder.resolve("import.sh"), "echo 'reading the file'\necho 'disk full' >&2\nexit 3");
        WorkerOptions options = database.options(TaskFolder.load(folder)).build();
        GraphileWorker.runMigrations(options);
        long id = addJob(options, "import");

        try (LogCapture log = LogCapture.of("dev.graphileworker.task.import")) {
            GraphileWorker.runOnce(options);

            assertThat(log.events()).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage,
                            event -> event.getMDCPropertyMap().get("jobId"))
                    .contains(org.assertj.core.groups.Tuple.tuple(Level.INFO, "reading the file", Long.toString(id)),
                            org.assertj.core.groups.Tuple.tuple(Level.ERROR, "disk full", Long.toString(id)));
        }
        assertThat(database.job(id)).contains(new StoredJob(1, "Process exited with code 3: disk full"));
    }

    @Test
    void failureMessageKeepsOnlyTheEndOfALongStandardError() throws Exception {
        script(folder.resolve("noisy.sh"), "i=0\nwhile [ $i -lt 2000 ]; do i=$((i+1)); echo \"complaint $i\" >&2; done\n"
                + "exit 1");
        WorkerOptions options = database.options(TaskFolder.load(folder)).build();
        GraphileWorker.runMigrations(options);
        long id = addJob(options, "noisy");

        GraphileWorker.runOnce(options);

        String lastError = database.job(id).orElseThrow().lastError();
        assertThat(lastError).startsWith("Process exited with code 1: ...").endsWith("complaint 2000")
                .doesNotContain("complaint 1\n").hasSizeLessThan(4200);
    }

    @Test
    void scriptStillRunningWhenTheWorkerStopsIsStoppedAndItsJobFailsToBeRetried() throws Exception {
        Path started = scratch.resolve("started");
        script(folder.resolve("slow.sh"), "echo 'waiting for the lock' >&2\ntouch '" + started + "'\nexec sleep 600");
        WorkerOptions options = database.options(TaskFolder.load(folder)).build();
        long id;
        try (RunningWorker worker = GraphileWorker.run(options)) {
            id = worker.addJob("slow", null, AddJobOptions.defaults()).id();
            Poll.until("the script started", () -> Files.exists(started));
        }

        assertThat(database.job(id)).contains(new StoredJob(1,
                "Process was stopped because the worker is shutting down: waiting for the lock"));
    }

    private Map<String, String> graphileVariables(long jobId) throws Exception {
        return Files.readAllLines(scratch.resolve("env-" + jobId)).stream()
                .filter(line -> line.startsWith("GRAPHILE_WORKER_"))
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    private static long addJob(WorkerOptions options, String identifier) {
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            return utils.addJob(identifier, null).id();
        }
    }
}
