package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.admin.JobState;
import dev.graphileworker.api.admin.QueueView;
import dev.graphileworker.api.admin.WorkerView;
import dev.graphileworker.cli.internal.admin.Table;
import dev.graphileworker.cli.internal.admin.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The operator commands in process, on a {@link FakeAdministration}: what they parse, refuse and print.
 * What they change in a real database is {@code AdminCommandsIT}'s.
 */
class AdminCommandsTest {

    private final FakeAdministration administration = new FakeAdministration()
            .add(1, "send_email", JobState.RUNNABLE, "x".repeat(300), null)
            .add(2, "send_email", JobState.FAILED, null, "SMTP timeout\n  at line 3 " + "y".repeat(200))
            .add(3, "resize_image", JobState.LOCKED, null, null)
            .add(4, "resize_image", JobState.PERMANENTLY_FAILED, null, "out of memory");
    private boolean terminal;
    private final Deque<String> answers = new ArrayDeque<>();

    private record Result(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @Test
    void listPrintsATableThatFitsAHundredColumnsNewestFirst() {
        Result result = run("jobs", "list");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.lines()).hasSize(5).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
        assertThat(result.lines().get(0)).startsWith("id  task").contains("state", "attempts", "run_at", "last_error");
        assertThat(result.lines().get(1)).startsWith(" 4  resize_image").contains("permanently_failed", "25/25",
                "2030-01-01T09:00:00Z", "out of memory");
        assertThat(result.lines().get(3)).startsWith(" 2").endsWith("SMTP timeou...");
        assertThat(result.lines().get(4)).startsWith(" 1").contains("\"xxx").contains("...");
    }

    @Test
    void listFiltersAndPagesWithACursorOnTheLastLine() {
        Result first = run("jobs", "list", "--state", "failed,permanently_failed", "--oldest-first", "--limit", "1");
        Result second = run("jobs", "list", "--state", "failed", "--state", "permanently_failed", "--oldest-first",
                "--limit", "1", "--after", "2");

        assertThat(first.lines()).hasSize(3).last().isEqualTo("more: --after 2");
        assertThat(first.lines().get(1)).startsWith(" 2 ");
        assertThat(second.lines()).hasSize(2);
        assertThat(second.lines().get(1)).startsWith(" 4 ");
    }

    @Test
    void listAsJsonIsOneObjectPerLineWithTheCursorLast() throws Exception {
        Result result = run("jobs", "list", "--json", "--limit", "3");

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> objects = new ArrayList<>();
        for (String line : result.lines()) {
            objects.add(json.readTree(line));
        }
        assertThat(objects).hasSize(4);
        assertThat(objects.get(0).path("id").asLong()).isEqualTo(4);
        assertThat(objects.get(0).path("state").asText()).isEqualTo("permanently_failed");
        assertThat(objects.get(2).path("last_error").asText()).startsWith("SMTP timeout\n").hasSize(225);
        assertThat(objects.get(1).path("locked_by").asText()).isEqualTo("worker-x");
        assertThat(objects.get(3).path("next_cursor").asText()).isEqualTo("2");
    }

    @Test
    void aFilterThatMatchesNothingSaysSoOnOneLine() {
        Result list = run("jobs", "list", "--task", "nothing");
        Result retry = run("jobs", "retry", "--task", "nothing", "--yes");

        assertThat(list.out()).isEqualTo("No jobs match --task nothing.\n");
        assertThat(retry.status()).isZero();
        assertThat(retry.out()).isEqualTo("No jobs match --task nothing; nothing changed.\n");
    }

    @Test
    void showPrintsEveryColumnThePayloadPrettyAndTheErrorInFull() {
        Result result = run("jobs", "show", "2");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("id:         2\n", "task:       send_email\n", "state:      failed\n",
                "attempts:   1 of 25\n", "payload:\n  { }\n", "last_error:\n  SMTP timeout\n    at line 3 "
                        + "y".repeat(200) + "\n");
    }

    @Test
    void badInputIsOneLineWithStatusTwoAndTouchesNothing() {
        terminal = true;
        Map<List<String>, String> cases = Map.of(
                List.of("jobs", "list", "--state", "stuck"),
                "graphile-worker: Unknown job state 'stuck': use one of runnable, scheduled, locked, failed, "
                        + "permanently_failed",
                List.of("jobs", "retry", "12x"), "graphile-worker: '12x' is not a job id (a positive whole number)",
                List.of("jobs", "show", "0"), "graphile-worker: '0' is not a job id (a positive whole number)",
                List.of("jobs", "list", "--limit", "0"), "graphile-worker: --limit must be 1 to 1000, was 0",
                List.of("jobs", "reschedule", "1", "--run-at", "tomorrow"),
                "graphile-worker: --run-at must be an ISO 8601 instant such as 2030-01-01T09:00:00Z, was 'tomorrow'",
                List.of("jobs", "remove", "1", "--task", "send_email"), "graphile-worker: give job ids or a filter, not both",
                List.of("jobs", "remove"), "graphile-worker: jobs remove needs job ids or a filter (--state, --task, "
                        + "--queue, --key, --flag, --error); to act on every job, add --force",
                List.of("jobs", "list", "--history", "--state", "failed"),
                "graphile-worker: --state cannot be used with --history: finished jobs have a task, a queue and a key",
                List.of("jobs", "list", "--after", "nonsense"), "graphile-worker: --after: Not a cursor of this listing: nonsense");

        cases.forEach((args, message) -> {
            Result result = run(args.toArray(String[]::new));
            assertThat(result.status()).as(args + ": " + result.err()).isEqualTo(2);
            assertThat(result.err().lines().findFirst()).as(args.toString()).contains(message);
        });
        assertThat(administration.calls).doesNotContain("retry", "remove").allMatch(call -> call.equals("jobs"));
    }

    @Test
    void idsThatNameNoJobChangeNothing() {
        Result show = run("jobs", "show", "99");
        Result remove = run("jobs", "remove", "1", "98", "99");

        assertThat(show.status()).isEqualTo(1);
        assertThat(show.err()).isEqualTo("graphile-worker: no job has id 99\n");
        assertThat(remove.status()).isEqualTo(1);
        assertThat(remove.err()).isEqualTo("graphile-worker: no jobs have ids 98, 99; nothing changed\n");
        assertThat(administration.calls).isEmpty();
        assertThat(administration.jobs).containsKey(1L);
    }

    @Test
    void actionsSayWhatChangedAndWhatWasRefusedAndWhy() {
        Result result = run("jobs", "remove", "1", "3");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("Removed 1 job: 1\n"
                + "Refused job 3: locked by worker-x since 2030-01-01T09:00:00.123Z\n"
                + "Pass --force to act on jobs a worker holds.\n");
        assertThat(administration.jobs).doesNotContainKey(1L).containsKey(3L);
    }

    @Test
    void byFilterWithoutATerminalNeedsYes() {
        terminal = false;
        Result refused = run("jobs", "retry", "--state", "failed");
        Result done = run("jobs", "retry", "--state", "failed", "--reset-attempts", "--yes");

        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err().lines().findFirst()).contains("graphile-worker: jobs retry by filter asks for "
                + "confirmation and standard input is not a terminal: pass --yes to act on every job the filter matches");
        assertThat(done.status()).as(done.err()).isZero();
        assertThat(done.out()).isEqualTo("Retried 1 job: 2\n");
        assertThat(administration.calls).containsExactly(
                "retry reset Matching[filter=JobFilter[states=[FAILED], taskIdentifier=Optional.empty, "
                        + "queueName=Optional.empty, jobKey=Optional.empty, flag=Optional.empty, "
                        + "errorContaining=Optional.empty]]");
    }

    @Test
    void byFilterOnATerminalListsTheJobsAndAsks() {
        terminal = true;
        answers.add("n");
        Result declined = run("jobs", "fail", "--task", "send_email", "--reason", "obsolete");
        answers.add("y");
        Result accepted = run("jobs", "fail", "--task", "send_email", "--reason", "obsolete");

        assertThat(declined.status()).isEqualTo(1);
        assertThat(declined.lines()).first().isEqualTo("2 jobs match --task send_email (fail acts on those that match when it runs):");
        assertThat(declined.lines()).hasSize(5).last().isEqualTo("Nothing changed.");
        assertThat(declined.err()).endsWith("Proceed? [y/N] ");
        assertThat(accepted.status()).isZero();
        assertThat(accepted.lines()).last().isEqualTo("Failed for good 2 jobs: 1, 2");
        assertThat(administration.calls).filteredOn(call -> call.startsWith("fail")).hasSize(1)
                .allMatch(call -> call.startsWith("fail obsolete"));
    }

    @Test
    void everyJobNeedsForce() {
        Result forced = run("jobs", "reschedule", "--run-at", "2031-01-01T00:00:00+01:00", "--force", "--yes");

        assertThat(forced.status()).as(forced.err()).isZero();
        assertThat(forced.out()).isEqualTo("Rescheduled 4 jobs to run at 2030-12-31T23:00:00Z: 1, 2, 3, 4\n");
    }

    @Test
    void unlockSaysWhatItFreed() {
        Result result = run("jobs", "unlock", "--state", "locked,failed", "--yes");

        assertThat(result.out()).isEqualTo("Unlocked 1 job: 3\n");
    }

    @Test
    void historyThatIsNotKeptSaysHowToKeepIt() {
        Result result = run("jobs", "list", "--history");

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEqualTo(
                "No history: finished jobs are recorded only by workers started with --keep-history.\n");
    }

    @Test
    void queuesAndWorkers() throws Exception {
        administration.queues = List.of(new QueueView("mail", 3, Optional.of("worker-x"),
                Optional.of(Instant.parse("2030-01-01T09:00:00Z"))), new QueueView("idle", 0, Optional.empty(),
                Optional.empty()));
        administration.workers = List.of(new WorkerView("worker-x", List.of(3L), List.of("mail"), Optional.empty()));

        assertThat(run("queues").out()).isEqualTo("""
                queue  waiting  locked_by  locked_at
                mail         3  worker-x   2030-01-01T09:00:00Z
                idle         0  -          -
                """);
        assertThat(new ObjectMapper().readTree(run("queues", "--json").lines().get(0)).path("jobs_waiting").asLong())
                .isEqualTo(3);
        assertThat(run("workers").out()).isEqualTo("""
                worker    session  jobs  job_ids  queues
                worker-x  unknown     1  3        mail
                """);
        assertThat(run("queues", "unlock", "mail").out()).isEqualTo("Unlocked queue mail.\n");
        assertThat(run("queues", "unlock", "idle").out()).isEqualTo("Queue idle was not locked; nothing changed.\n");
        Result unknown = run("queues", "unlock", "nowhere");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("graphile-worker: no named queue 'nowhere'\n");
        assertThat(run("workers", "--json").out()).isEqualTo(
                "{\"worker_id\":\"worker-x\",\"job_ids\":[3],\"queue_names\":[\"mail\"],\"session_alive\":null}\n");
        assertThat(Table.WIDTH).isEqualTo(100);
    }

    private Result run(String... args) {
        Terminal fake = new Terminal() {
            @Override
            public boolean stdinIsTerminal() {
                return terminal;
            }

            @Override
            public String readLine() {
                return answers.poll();
            }
        };
        CommandLine command = GraphileWorkerCommand.commandLine(new GraphileWorkerCommand(Map.of(),
                (options, resources) -> administration, fake, false));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-c", "postgres://nobody@127.0.0.1:1/none"));
        int status = command.execute(all.toArray(String[]::new));
        return new Result(status, out.toString(), err.toString());
    }
}
