package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands ({@code jobs}, {@code queues}, {@code workers}) as users run them, through
 * {@code bin/graphile-worker} against a real PostgreSQL, on a queue with a job in every state: each
 * shows or changes what it says and leaves every other job as it was. Standard input is a pipe here,
 * not a terminal, so actions by filter need {@code --yes}; the question asked on a terminal is
 * {@code AdminCommandsTest}'s.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class AdminCommandsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestDatabase database;
    @TempDir
    Path workingDirectory;
    private String schema;

    AdminCommandsIT(TestDatabase database) {
        this.database = database;
    }

    /**
     * Jobs 1 runnable, 2 scheduled, 3 locked by worker-x (with its named queue images), 4 failed,
     * 5 permanently failed, 6 failed (another task).
     */
    @BeforeEach
    void aQueueWithAJobInEveryState(TestInfo test) throws Exception {
        schema = "admin_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        schema = schema.substring(0, Math.min(schema.length(), 63));
        CommandProcess install = run("--schema-only");
        assertThat(install.exitValue()).as(install.stderr()).isZero();
        String s = "\"" + schema + "\"";
        database.execute("select " + s + ".add_job('send_email', '{\"to\": \"ada@example.com\"}')");
        database.execute("select " + s + ".add_job('send_email', run_at := now() + interval '1 day')");
        database.execute("select " + s + ".add_job('resize', '{\"image\": \"cat.png\"}', queue_name := 'images')");
        database.execute("select " + s + ".add_job('send_email', '{\"to\": \"bob@example.com\"}')");
        database.execute("select " + s + ".add_job('resize', max_attempts := 3)");
        database.execute("select " + s + ".add_job('report')");
        database.execute("update " + s + "._private_jobs set locked_by = 'worker-x', locked_at = now() where id = 3");
        database.execute("update " + s + "._private_job_queues set locked_by = 'worker-x', locked_at = now()"
                + " where queue_name = 'images'");
        database.execute("update " + s + "._private_jobs set attempts = 1, last_error = 'SMTP timeout' where id = 4");
        database.execute("update " + s + "._private_jobs set attempts = 3, last_error = 'Out of memory\n  at resize'"
                + " where id = 5");
        database.execute("update " + s + "._private_jobs set attempts = 1, last_error = 'disk full' where id = 6");
    }

    @Test
    void listingsShowEveryJobQueueAndWorkerAndChangeNothing() throws Exception {
        Map<Long, List<String>> before = jobs();

        CommandProcess list = run("jobs", "list");
        CommandProcess json = run("jobs", "list", "--json");
        CommandProcess filtered = run("jobs", "list", "--state", "failed", "--task", "send_email");
        CommandProcess firstPage = run("jobs", "list", "--oldest-first", "--limit", "4");
        String cursor = lastLine(firstPage).substring("more: --after ".length());
        CommandProcess secondPage = run("jobs", "list", "--oldest-first", "--limit", "4", "--after", cursor);
        CommandProcess byError = run("jobs", "list", "--error", "MEMORY", "--json");
        CommandProcess none = run("jobs", "list", "--queue", "nowhere");
        CommandProcess show = run("jobs", "show", "5");
        CommandProcess showJson = run("jobs", "show", "3", "--json");
        CommandProcess queues = run("queues");
        CommandProcess workers = run("workers", "--json");
        CommandProcess history = run("jobs", "list", "--history");

        SoftAssertions softly = new SoftAssertions();
        for (CommandProcess command : List.of(list, json, filtered, firstPage, secondPage, byError, none, show,
                showJson, queues, workers, history)) {
            softly.assertThat(command.exitValue()).as(command.stderr()).isZero();
        }
        List<String> table = list.stdout().lines().toList();
        softly.assertThat(table).hasSize(7).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
        softly.assertThat(table.get(0)).matches("id +task +queue +state +attempts +run_at +payload +last_error");
        softly.assertThat(table.get(1)).matches(" 6 +report +- +failed +1/25 .*disk full");
        softly.assertThat(table.get(2)).matches(" 5 +resize +- +permanently_failed +3/3 .*Out of memor.*");
        softly.assertThat(table.get(4)).matches(" 3 +resize +images +locked +0/25 .*");
        softly.assertThat(table.get(5)).matches(" 2 +send_email +- +scheduled +0/25 .*");
        softly.assertThat(table.get(6)).matches(" 1 +send_email +- +runnable +0/25 .*");
        Map<Long, String> states = new LinkedHashMap<>();
        for (String line : json.stdout().lines().toList()) {
            JsonNode job = JSON.readTree(line);
            states.put(job.path("id").asLong(), job.path("state").asText());
        }
        softly.assertThat(states).containsExactly(Map.entry(6L, "failed"), Map.entry(5L, "permanently_failed"),
                Map.entry(4L, "failed"), Map.entry(3L, "locked"), Map.entry(2L, "scheduled"), Map.entry(1L, "runnable"));
        softly.assertThat(ids(filtered)).containsExactly(4L);
        softly.assertThat(ids(firstPage)).containsExactly(1L, 2L, 3L, 4L);
        softly.assertThat(ids(secondPage)).containsExactly(5L, 6L);
        softly.assertThat(lastLine(secondPage)).doesNotStartWith("more:");
        softly.assertThat(JSON.readTree(byError.stdout()).path("last_error").asText()).isEqualTo("Out of memory\n  at resize");
        softly.assertThat(none.stdout()).isEqualTo("No jobs match --queue nowhere.\n");
        softly.assertThat(show.stdout()).contains("id:         5\n", "task:       resize\n",
                "state:      permanently_failed\n", "attempts:   3 of 3\n", "payload:\n  { }\n",
                "last_error:\n  Out of memory\n    at resize\n");
        JsonNode locked = JSON.readTree(showJson.stdout());
        softly.assertThat(locked.path("locked_by").asText()).isEqualTo("worker-x");
        softly.assertThat(locked.path("queue_name").asText()).isEqualTo("images");
        softly.assertThat(locked.path("payload").path("image").asText()).isEqualTo("cat.png");
        softly.assertThat(queues.stdout()).matches("(?s)queue +waiting +locked_by +locked_at\nimages +0 +worker-x +\\d{4}-.*Z\n");
        JsonNode worker = JSON.readTree(workers.stdout());
        softly.assertThat(worker.path("worker_id").asText()).isEqualTo("worker-x");
        softly.assertThat(worker.path("job_ids").toString()).isEqualTo("[3]");
        softly.assertThat(worker.path("queue_names").toString()).isEqualTo("[\"images\"]");
        softly.assertThat(history.stdout()).startsWith("No history: ");
        softly.assertThat(jobs()).isEqualTo(before);
        softly.assertAll();
    }

    @Test
    void actionsByIdChangeTheirJobsOnlyAndSayWhatTheyRefused() throws Exception {
        Map<Long, List<String>> before = jobs();

        CommandProcess retry = run("jobs", "retry", "5");
        CommandProcess reschedule = run("jobs", "reschedule", "2", "--run-at", "2031-01-01T09:00:00Z");
        CommandProcess fail = run("jobs", "fail", "4", "--reason", "Obsolete: the campaign ended");
        CommandProcess remove = run("jobs", "remove", "1", "3");
        CommandProcess unlockQueue = run("queues", "unlock", "images");
        CommandProcess unlock = run("jobs", "unlock", "3");

        assertThat(retry.exitValue()).as(retry.stderr()).isZero();
        assertThat(retry.stdout()).isEqualTo("Retried 1 job: 5\n");
        assertThat(reschedule.stdout()).isEqualTo("Rescheduled 1 job to run at 2031-01-01T09:00:00Z: 2\n");
        assertThat(fail.stdout()).isEqualTo("Failed for good 1 job: 4\n");
        assertThat(remove.exitValue()).isEqualTo(1);
        assertThat(remove.stdout()).startsWith("Removed 1 job: 1\nRefused job 3: locked by worker worker-x since ")
                .endsWith("Pass --force to act on jobs a worker holds.\n");
        assertThat(unlock.exitValue()).as(unlock.stderr()).isZero();
        assertThat(unlock.stdout()).isEqualTo("Unlocked 1 job: 3\n");
        assertThat(unlockQueue.stdout()).isEqualTo("Unlocked queue images.\n");

        String s = "\"" + schema + "\"";
        assertThat(database.rows("select attempts, max_attempts, run_at <= now() from " + s + ".jobs where id = 5"))
                .containsExactly(List.of("3", "4", "t"));
        assertThat(database.text("select run_at from " + s + ".jobs where id = 2")).startsWith("2031-01-01 09:00:00");
        assertThat(database.rows("select attempts = max_attempts, last_error from " + s + ".jobs where id = 4"))
                .containsExactly(List.of("t", "Obsolete: the campaign ended"));
        assertThat(database.count("select count(*) from " + s + ".jobs where id = 1")).isZero();
        assertThat(database.count("select count(*) from " + s + ".jobs where locked_by is not null")).isZero();
        assertThat(database.count("select count(*) from " + s + "._private_job_queues where locked_by is not null")).isZero();
        Map<Long, List<String>> after = jobs();
        assertThat(after.get(6L)).isEqualTo(before.get(6L));
        assertThat(after.keySet()).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(withoutLock(after.get(3L))).isEqualTo(withoutLock(before.get(3L)));
    }

    @Test
    void actionsByFilterNeedYesWithoutATerminalAndForceToTakeEveryJob() throws Exception {
        Map<Long, List<String>> before = jobs();

        CommandProcess unconfirmed = run("jobs", "retry", "--state", "failed");
        CommandProcess everything = run("jobs", "remove", "--yes");
        Map<Long, List<String>> untouched = jobs();
        CommandProcess nothing = run("jobs", "remove", "--task", "nowhere", "--yes");
        CommandProcess retry = run("jobs", "retry", "--state", "failed", "--reset-attempts", "--yes");
        CommandProcess fail = run("jobs", "fail", "--task", "resize", "--reason", "gave up", "--yes");

        assertThat(unconfirmed.exitValue()).isEqualTo(2);
        assertThat(unconfirmed.stderr().lines().findFirst()).contains("graphile-worker: jobs retry by filter asks "
                + "for confirmation and standard input is not a terminal: pass --yes to act on every job the filter matches");
        assertThat(everything.exitValue()).isEqualTo(2);
        assertThat(everything.stderr().lines().findFirst()).contains("graphile-worker: jobs remove needs job ids or a "
                + "filter (--state, --task, --queue, --key, --flag, --error); to act on every job, add --force");
        assertThat(untouched).isEqualTo(before);
        assertThat(nothing.exitValue()).isZero();
        assertThat(nothing.stdout()).isEqualTo("No jobs match --task nowhere; nothing changed.\n");
        assertThat(retry.exitValue()).as(retry.stderr()).isZero();
        assertThat(retry.stdout()).isEqualTo("Retried 2 jobs: 4, 6\n");
        // The locked resize job is refused; the permanently failed one stays so, with the new reason.
        assertThat(fail.exitValue()).isEqualTo(1);
        assertThat(fail.stdout()).startsWith("Failed for good 1 job: 5\nRefused job 3: locked by worker worker-x");
        String s = "\"" + schema + "\"";
        assertThat(database.rows("select id, attempts, coalesce(last_error, '-') from " + s + ".jobs order by id")).containsExactly(
                List.of("1", "0", "-"), List.of("2", "0", "-"), List.of("3", "0", "-"),
                List.of("4", "0", "SMTP timeout"), List.of("5", "3", "gave up"), List.of("6", "0", "disk full"));
        Map<Long, List<String>> after = jobs();
        for (long bystander : Set.of(1L, 2L, 3L)) {
            assertThat(after.get(bystander)).as("job " + bystander).isEqualTo(before.get(bystander));
        }
        CommandProcess removeAll = run("jobs", "remove", "--force", "--yes");
        assertThat(removeAll.exitValue()).as(removeAll.stderr()).isZero();
        assertThat(removeAll.stdout()).isEqualTo("Removed 6 jobs: 1, 2, 3, 4, 5, 6\n");
        assertThat(database.count("select count(*) from " + s + ".jobs")).isZero();
    }

    @Test
    void badInputIsExplainedOnOneLineAndChangesNothing() throws Exception {
        Map<Long, List<String>> before = jobs();
        SoftAssertions softly = new SoftAssertions();

        Map<List<String>, String> usage = Map.of(
                List.of("jobs", "retry", "--state", "stuck", "--yes"), "graphile-worker: Unknown job state 'stuck': "
                        + "use one of runnable, scheduled, locked, failed, permanently_failed",
                List.of("jobs", "remove", "4x"), "graphile-worker: '4x' is not a job id (a positive whole number)",
                List.of("jobs", "reschedule", "4", "--run-at", "next tuesday"), "graphile-worker: --run-at must be an "
                        + "ISO 8601 instant such as 2030-01-01T09:00:00Z, was 'next tuesday'",
                List.of("jobs", "list", "--limit", "0"), "graphile-worker: --limit must be 1 to 1000, was 0");
        usage.forEach((args, message) -> {
            CommandProcess command = run(args.toArray(String[]::new));
            softly.assertThat(command.exitValue()).as(args + ": " + command.stderr()).isEqualTo(2);
            softly.assertThat(command.stderr()).as(args.toString()).startsWith(message + "\n").doesNotContain("\tat ");
            softly.assertThat(command.stdout()).as(args.toString()).isEmpty();
        });
        CommandProcess show = run("jobs", "show", "99");
        CommandProcess retry = run("jobs", "retry", "4", "99");

        softly.assertThat(show.exitValue()).isEqualTo(1);
        softly.assertThat(show.stderr()).isEqualTo("graphile-worker: no job has id 99\n");
        softly.assertThat(retry.exitValue()).isEqualTo(1);
        softly.assertThat(retry.stderr()).isEqualTo("graphile-worker: no job has id 99; nothing changed\n");
        softly.assertThat(jobs()).isEqualTo(before);
        softly.assertAll();
    }

    /** @return every job's columns, by id */
    private Map<Long, List<String>> jobs() {
        Map<Long, List<String>> jobs = new LinkedHashMap<>();
        for (List<String> row : database.rows("select id, job_queue_id, task_id, payload, priority, run_at,"
                + " attempts, max_attempts, last_error, created_at, updated_at, key, locked_at, locked_by, revision,"
                + " flags from \"" + schema + "\"._private_jobs order by id")) {
            jobs.put(Long.parseLong(row.get(0)), row);
        }
        return jobs;
    }

    private static List<String> withoutLock(List<String> job) {
        List<String> columns = new ArrayList<>(job);
        // updated_at, locked_at, locked_by
        for (int column : new int[] {10, 12, 13}) {
            columns.set(column, "-");
        }
        return columns;
    }

    private static List<Long> ids(CommandProcess list) {
        return list.stdout().lines().skip(1).filter(line -> !line.startsWith("more:"))
                .map(line -> Long.parseLong(line.strip().split(" +")[0])).toList();
    }

    private static String lastLine(CommandProcess command) {
        List<String> lines = command.stdout().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private CommandProcess run(String... args) {
        List<String> all = new ArrayList<>(List.of("-c", database.connectionString(), "-s", schema));
        all.addAll(List.of(args));
        try {
            return CommandProcess.run(workingDirectory, Map.of(), all.toArray(String[]::new));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
