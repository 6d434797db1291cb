package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.cli.internal.tasks.TaskFiles;
import dev.graphileworker.cli.internal.tasks.TaskJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as users run it: {@code bin/graphile-worker} in a process of its own, against a real
 * PostgreSQL. Each test uses a schema of its own in the class's database.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class GraphileWorkerCommandIT {

    private final TestDatabase database;
    @TempDir
    Path workingDirectory;
    private String schema;

    GraphileWorkerCommandIT(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void useASchemaOfThisTestsOwn(TestInfo test) {
        schema = "cli_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        schema = schema.substring(0, Math.min(schema.length(), 63));
    }

    @Test
    void schemaOnlyInstallsTheSchemaAndExits() throws Exception {
        CommandProcess command = run("--schema-only");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(database.count("select count(*) from \"" + schema + "\".migrations")).isEqualTo(20);
    }

    @Test
    void connectionFromDatabaseUrlIsUsed() throws Exception {
        CommandProcess command = CommandProcess.run(workingDirectory,
                Map.of("DATABASE_URL", database.connectionString(), "GRAPHILE_WORKER_SCHEMA", schema),
                "--schema-only");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(database.count("select count(*) from \"" + schema + "\".migrations")).isEqualTo(20);
    }

    @Test
    void badOptionsAreExplainedOnOneLineWithExitStatusTwo() throws Exception {
        CommandProcess together = run("--schema-only", "--once");
        CommandProcess zeroJobs = run("--jobs", "0");
        CommandProcess unknown = run("--frobnicate");

        assertThat(together.exitValue()).isEqualTo(2);
        assertThat(together.stderr()).startsWith(
                "graphile-worker: --schema-only and --once cannot be used together\n");
        assertThat(zeroJobs.exitValue()).isEqualTo(2);
        assertThat(zeroJobs.stderr()).startsWith("graphile-worker: --jobs must be at least 1, was 0\n");
        assertThat(unknown.exitValue()).isEqualTo(2);
        assertThat(unknown.stderr()).startsWith("graphile-worker: Unknown option: '--frobnicate'\n");
    }

    @Test
    void unreachableDatabaseFailsOnOneLineThatHidesThePassword() throws Exception {
        CommandProcess command = CommandProcess.run(workingDirectory, Map.of(),
                "-c", "postgres://worker:s3cret-pa55@127.0.0.1:1/jobs", "--schema-only");

        assertThat(command.exitValue()).isEqualTo(1);
        assertThat(command.stderr().lines().filter(line -> line.startsWith("graphile-worker: ")))
                .singleElement().asString().contains("Could not connect to the database");
        assertThat(command.stderr()).doesNotContain("s3cret-pa55");
    }

    @Test
    void shellScriptTaskReceivesThePayloadAndTheJobOnStandardInputAndInTheEnvironment() throws Exception {
        Path seen = workingDirectory.resolve("seen.txt");
        TaskFiles.script(workingDirectory.resolve("tasks/greet.sh"),
                "{ cat; echo; env | grep '^GRAPHILE_WORKER_' | sort; } > '" + seen + "'");
        installSchema();
        database.execute("select \"" + schema + "\".add_job('greet', '{\"name\": \"Ada\"}', job_key := 'greet-ada',"
                + " priority := 3, max_attempts := 7)");

        CommandProcess command = run("--once");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(Files.readString(seen)).startsWith("{\"payload\":{\"name\":\"Ada\"}}\n")
                .contains("GRAPHILE_WORKER_PAYLOAD_FORMAT=json\n", "GRAPHILE_WORKER_TASK_IDENTIFIER=greet\n",
                        "GRAPHILE_WORKER_JOB_KEY=greet-ada\n", "GRAPHILE_WORKER_JOB_ATTEMPTS=1\n",
                        "GRAPHILE_WORKER_JOB_MAX_ATTEMPTS=7\n", "GRAPHILE_WORKER_JOB_PRIORITY=3\n")
                .containsPattern("GRAPHILE_WORKER_JOB_ID=\\d+\n")
                .containsPattern("GRAPHILE_WORKER_JOB_RUN_AT=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\n");
        assertThat(database.count("select count(*) from \"" + schema + "\".jobs")).isZero();
    }

    @Test
    void onceExitsWhenNothingIsDueAndLeavesFutureJobsAlone() throws Exception {
        TaskFiles.script(workingDirectory.resolve("tasks/later.sh"), "exit 0");
        installSchema();
        database.execute("select \"" + schema + "\".add_job('later', run_at := now() + interval '1 hour')");

        CommandProcess command = run("--once");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(database.count("select count(*) from \"" + schema + "\".jobs where attempts = 0")).isEqualTo(1);
    }

    @Test
    void failingScriptFailsTheJobWithItsExitCodeAndTheEndOfItsErrorOutput() throws Exception {
        TaskFiles.script(workingDirectory.resolve("tasks/broken.sh"), "echo 'disk full' >&2; exit 3");
        installSchema();
        database.execute("select \"" + schema + "\".add_job('broken')");

        CommandProcess command = run("--once");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(database.text("select last_error from \"" + schema + "\".jobs"))
                .contains("exited with code 3").contains("disk full");
    }

    @Test
    void scriptsInSubFoldersAreNamedWithSlashes() throws Exception {
        Path ran = workingDirectory.resolve("ran.txt");
        TaskFiles.script(workingDirectory.resolve("tasks/users/verify.sh"), "echo verified > '" + ran + "'");
        installSchema();
        database.execute("select \"" + schema + "\".add_job('users/verify')");

        CommandProcess command = run("--once");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(Files.readString(ran)).isEqualTo("verified\n");
    }

    @Test
    void jarInTheTaskFolderProvidesJavaTasks() throws Exception {
        TaskJars.build(workingDirectory.resolve("tasks/mail.jar"),
                TaskJars.writerProvider("example.MailTasks", "send_mail", "Sent to"), List.of("example.MailTasks"));
        Path sent = workingDirectory.resolve("sent.txt");
        installSchema();
        database.execute("select \"" + schema + "\".add_job('send_mail', json_build_object('file', '" + sent
                + "', 'name', 'Ada'))");

        CommandProcess command = run("--once");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(Files.readString(sent)).isEqualTo("Sent to Ada");
    }

    @Test
    void watchPicksUpATaskFileAddedWhileTheWorkerRuns() throws Exception {
        TaskFiles.script(workingDirectory.resolve("tasks/first.sh"), "exit 0");
        installSchema();
        try (CommandProcess command = start("--watch", "--poll-interval", "100")) {
            command.awaitLogLine(line -> line.contains("started"));
            Path ran = workingDirectory.resolve("ran.txt");
            TaskFiles.script(workingDirectory.resolve("tasks/second.sh"), "echo second > '" + ran + "'");
            command.awaitLogLine(line -> line.contains("second"));
            database.execute("select \"" + schema + "\".add_job('second')");

            database.awaitCount("select count(*) from \"" + schema + "\".jobs", 0);
            assertThat(Files.readString(ran)).isEqualTo("second\n");
            command.terminate();
            assertThat(command.awaitExit()).as(command.stderr()).isZero();
        }
    }

    @Test
    void sigtermLetsTheRunningJobFinishThenExitsCleanly() throws Exception {
        Path started = workingDirectory.resolve("started");
        Path release = workingDirectory.resolve("release");
        Path finished = workingDirectory.resolve("finished");
        TaskFiles.script(workingDirectory.resolve("tasks/slow.sh"), "touch '" + started + "'\n"
                + "while [ ! -f '" + release + "' ]; do sleep 0.05; done\n"
                + "touch '" + finished + "'");
        installSchema();
        database.execute("select \"" + schema + "\".add_job('slow')");
        database.execute("select \"" + schema + "\".add_job('slow', run_at := now() + interval '1 hour')");

        try (CommandProcess command = start("--shutdown-grace-period", "60000")) {
            Poll.until(started + " appears", CommandProcess.DEADLINE, () -> Files.exists(started), command::stderr);
            command.terminate();
            command.awaitLogLine(line -> line.contains("Received SIGTERM"));
            Files.createFile(release);

            assertThat(command.awaitExit()).as(command.stderr()).isZero();
        }
        assertThat(finished).exists();
        assertThat(database.count("select count(*) from \"" + schema + "\".jobs")).isEqualTo(1);
        assertThat(database.count("select count(*) from \"" + schema + "\".jobs where locked_by is not null")).isZero();
    }

    @Test
    void twoWorkersEnqueueEachCrontabTickOnce() throws Exception {
        TaskFiles.script(workingDirectory.resolve("tasks/other.sh"), "exit 0");
        Files.writeString(workingDirectory.resolve("crontab"), "# every minute, catching up 10 minutes\n"
                + "* * * * * tick ?fill=10m {source: 'crontab'}\n");
        installSchema();
        // Known for an hour, so that the 10-minute fill window is backfilled at start.
        database.execute("insert into \"" + schema + "\"._private_known_crontabs (identifier, known_since)"
                + " values ('tick', now() - interval '1 hour')");

        try (CommandProcess first = start(); CommandProcess second = start()) {
            first.awaitLogLine(line -> line.contains("started"));
            second.awaitLogLine(line -> line.contains("started"));
            database.awaitCount("select least(count(*), 10) from \"" + schema + "\".jobs"
                    + " where task_identifier = 'tick'", 10);
            first.terminate();
            second.terminate();
            assertThat(first.awaitExit()).as(first.stderr()).isZero();
            assertThat(second.awaitExit()).as(second.stderr()).isZero();
        }
        assertThat(database.count("select count(*) - count(distinct payload->'_cron'->>'ts') from \"" + schema
                + "\"._private_jobs")).isZero();
        assertThat(database.count("select count(*) from \"" + schema + "\"._private_jobs as jobs join \"" + schema
                + "\"._private_tasks as tasks on tasks.id = jobs.task_id where tasks.identifier = 'tick'"
                + " and jobs.payload->>'source' = 'crontab'")).isBetween(10L, 12L);
    }

    @Test
    void badCrontabLineStopsTheWorkerBeforeItStartsWithTheLineNumber() throws Exception {
        TaskFiles.script(workingDirectory.resolve("tasks/other.sh"), "exit 0");
        Files.writeString(workingDirectory.resolve("crontab"), "# fine\n0 4 * * * other\n61 * * * * other\n");

        CommandProcess command = run();

        assertThat(command.exitValue()).isEqualTo(1);
        assertThat(command.stderr()).contains("graphile-worker: ").contains("line 3");
    }

    @Test
    void onceRefusesABadCrontabBeforeItRunsAnyJob() throws Exception {
        Path ran = workingDirectory.resolve("ran.txt");
        TaskFiles.script(workingDirectory.resolve("tasks/rec.sh"), "echo ran > '" + ran + "'");
        installSchema();
        database.execute("select \"" + schema + "\".add_job('rec')");
        Files.writeString(workingDirectory.resolve("crontab"), "61 * * * * rec\n");

        CommandProcess command = run("--once");

        assertThat(command.exitValue()).as(command.stderr()).isEqualTo(1);
        assertThat(failureLine(command)).isEqualTo(
                "graphile-worker: crontab line 1: minute field '61' is out of range 0-59");
        assertThat(ran).doesNotExist();
        assertThat(database.count("select count(*) from \"" + schema + "\".jobs"
                + " where task_identifier = 'rec' and attempts = 0 and locked_by is null")).isEqualTo(1);
    }

    @Test
    void schemaOnlyRefusesABadCrontabBeforeItInstallsTheSchema() throws Exception {
        Files.writeString(workingDirectory.resolve("crontab"), "# hourly\n61 * * * * rec\n");

        CommandProcess command = run("--schema-only");

        assertThat(command.exitValue()).as(command.stderr()).isEqualTo(1);
        assertThat(failureLine(command)).isEqualTo(
                "graphile-worker: crontab line 2: minute field '61' is out of range 0-59");
        assertThat(command.stderr()).doesNotContain("is up to date");
        assertThat(schemaExists()).isFalse();
    }

    @Test
    void everyModeRefusesABadCrontabFileBeforeReachingTheDatabase() throws Exception {
        TaskFiles.script(workingDirectory.resolve("tasks/rec.sh"), "exit 0");
        Path crontab = workingDirectory.resolve("hourly.crontab");
        Files.writeString(crontab, "0 * * * * rec\n0 25 * * * rec ?id=nightly\n");
        SoftAssertions softly = new SoftAssertions();

        for (List<String> mode : List.<List<String>>of(List.of(), List.of("--watch"), List.of("--once"),
                List.of("--schema-only"), List.of("--cleanup", "GC_JOB_QUEUES"))) {
            List<String> args = new ArrayList<>(mode);
            args.addAll(List.of("--crontab", crontab.toString()));
            CommandProcess command = run(args.toArray(String[]::new));

            softly.assertThat(command.exitValue()).as(mode + ": " + command.stderr()).isEqualTo(1);
            softly.assertThat(failureLine(command)).as(mode.toString())
                    .isEqualTo("graphile-worker: crontab line 2: hour field '25' is out of range 0-23");
        }
        CommandProcess missing = run("--once", "--crontab", "nowhere");
        softly.assertThat(missing.exitValue()).as(missing.stderr()).isEqualTo(1);
        softly.assertThat(failureLine(missing)).isEqualTo("graphile-worker: the crontab nowhere does not exist");
        softly.assertThat(schemaExists()).as("schema created").isFalse();
        softly.assertAll();
    }

    @Test
    void badCrontabIsRefusedBeforeTheEmbeddedPostgresStarts() throws Exception {
        SoftAssertions softly = new SoftAssertions();

        for (List<String> mode : List.<List<String>>of(List.of(), List.of("--once"), List.of("--schema-only"))) {
            // No -c, DATABASE_URL or PG* variable: the command would start an embedded PostgreSQL here.
            Path directory = Files.createDirectory(workingDirectory.resolve("mode" + String.join("", mode)));
            TaskFiles.script(directory.resolve("tasks/rec.sh"), "exit 0");
            Files.writeString(directory.resolve("crontab"), "61 * * * * rec\n");

            CommandProcess command = CommandProcess.run(directory, Map.of(), mode.toArray(String[]::new));

            softly.assertThat(command.exitValue()).as(mode + ": " + command.stderr()).isEqualTo(1);
            softly.assertThat(failureLine(command)).as(mode.toString())
                    .isEqualTo("graphile-worker: crontab line 1: minute field '61' is out of range 0-59");
            softly.assertThat(command.stderr()).as(mode.toString()).doesNotContain("embedded PostgreSQL");
            softly.assertThat(directory.resolve(".graphile-worker")).as(mode.toString()).doesNotExist();
        }
        softly.assertAll();
    }

    @Test
    void onceChecksAGoodCrontabButDoesNotScheduleIt() throws Exception {
        Path ran = workingDirectory.resolve("ran.txt");
        TaskFiles.script(workingDirectory.resolve("tasks/tick.sh"), "echo ran >> '" + ran + "'");
        Files.writeString(workingDirectory.resolve("crontab"), "* * * * * tick ?fill=1h\n");
        installSchema();
        // Known for two hours, so that a worker scheduling the crontab would backfill the last hour.
        database.execute("insert into \"" + schema + "\"._private_known_crontabs (identifier, known_since)"
                + " values ('tick', now() - interval '2 hours')");

        CommandProcess command = run("--once");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(ran).doesNotExist();
        assertThat(database.count("select count(*) from \"" + schema + "\"._private_jobs")).isZero();
        assertThat(database.count("select count(last_execution) from \"" + schema + "\"._private_known_crontabs")).isZero();
    }

    @Test
    void missingOrEmptyTaskFolderIsExplainedOnOneLine() throws Exception {
        CommandProcess missing = run("--once");
        Files.createDirectories(workingDirectory.resolve("tasks"));
        CommandProcess empty = run("--once");

        assertThat(missing.exitValue()).isEqualTo(1);
        assertThat(missing.stderr()).contains("graphile-worker: ").contains("tasks");
        assertThat(empty.exitValue()).isEqualTo(1);
        assertThat(empty.stderr()).contains("graphile-worker: ").contains("tasks");
    }

    @Test
    void jsonLogFormatWritesOneObjectPerLineForLogShippers() throws Exception {
        CommandProcess command = run("--schema-only", "--log-format", "json");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = command.stderr().lines().toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(json.readTree(line).path("level").asText()).as(line).isNotEmpty();
        }
        assertThat(lines).anyMatch(line -> line.contains("is up to date"));
    }

    @Test
    void onceOnABacklogReportsProgress() throws Exception {
        TaskJars.build(workingDirectory.resolve("tasks/slow.jar"), Map.of("example.SlowTasks", """
                package example;

                public final class SlowTasks implements dev.graphileworker.api.spi.TaskProvider {
                    @Override
                    public dev.graphileworker.api.TaskList tasks() {
                        return dev.graphileworker.api.TaskList.builder()
                                .task("nap", (payload, helpers) -> Thread.sleep(10))
                                .build();
                    }
                }
                """), List.of("example.SlowTasks"));
        installSchema();
        database.execute("select \"" + schema + "\".add_job('nap') from generate_series(1, 150)");

        CommandProcess command = run("--once");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(command.stderr()).containsPattern("Progress: \\d+ jobs done \\(\\d+ jobs/s\\), \\d+ left");
        assertThat(database.count("select count(*) from \"" + schema + "\".jobs")).isZero();
    }

    private CommandProcess run(String... args) throws Exception {
        return CommandProcess.run(workingDirectory, Map.of(), withDatabase(args));
    }

    private CommandProcess start(String... args) throws Exception {
        return CommandProcess.start(workingDirectory, Map.of(), withDatabase(args));
    }

    private String[] withDatabase(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "-c";
        all[1] = database.connectionString();
        all[2] = "-s";
        all[3] = schema;
        System.arraycopy(args, 0, all, 4, args.length);
        return all;
    }

    /** @return the line on which the command said why it could not run (all such lines, should there be several) */
    private static String failureLine(CommandProcess command) {
        return command.stderr().lines().filter(line -> line.startsWith("graphile-worker: "))
                .collect(Collectors.joining("\n"));
    }

    private boolean schemaExists() throws SQLException {
        return database.count("select count(*) from pg_namespace where nspname = '" + schema + "'") > 0;
    }

    private void installSchema() throws Exception {
        CommandProcess command = run("--schema-only");
        assertThat(command.exitValue()).as(command.stderr()).isZero();
    }
}
