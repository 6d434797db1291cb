package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.WorkerOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command's options, in process: it sets only what the user gave, its help shows WorkerOptions' defaults, and
 * a command line that names no subcommand is answered as the whole command would answer it.
 */
class GraphileWorkerCommandTest {

    private static final String DATABASE = "postgres://app@localhost/app";

    @Test
    void optionsNotGivenAreLeftAtTheDefaultsOfWorkerOptions() {
        WorkerOptions fromCommand = options(Map.of());

        assertThat(fromCommand.toString())
                .isEqualTo(WorkerOptions.builder().connectionString(DATABASE).build().toString());
    }

    @Test
    void optionsGivenAreSet() {
        WorkerOptions fromCommand = options(Map.of("GRAPHILE_WORKER_SCHEMA", "jobs"), "-j", "3", "-m", "4",
                "--poll-interval", "500", "--shutdown-grace-period", "0", "--dead-worker-recovery-time", "0",
                "--local-queue-size", "0", "--local-queue-ttl", "1000", "--completion-batch-size", "1",
                "--completion-batch-delay", "7", "--no-prepared-statements", "--durable-claims", "--crontab-timezone",
                "Europe/Paris");

        assertThat(fromCommand.schema()).isEqualTo("jobs");
        assertThat(fromCommand.concurrency()).isEqualTo(3);
        assertThat(fromCommand.maxPoolSize()).isEqualTo(4);
        assertThat(fromCommand.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(fromCommand.shutdownGracePeriod()).isZero();
        assertThat(fromCommand.deadWorkerRecoveryTime()).isEmpty();
        assertThat(fromCommand.localQueueSize()).isZero();
        assertThat(fromCommand.localQueueTtl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fromCommand.completionBatchSize()).isEqualTo(1);
        assertThat(fromCommand.completionBatchDelay()).isEqualTo(Duration.ofMillis(7));
        assertThat(fromCommand.preparedStatements()).isFalse();
        assertThat(fromCommand.durableClaims()).isTrue();
        assertThat(fromCommand.cronTimeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(options(Map.of("GRAPHILE_WORKER_SCHEMA", "jobs"), "-s", "other").schema()).isEqualTo("other");
    }

    @Test
    void anUnknownCrontabTimeZoneIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> options(Map.of(), "--crontab-timezone", "Mars/Olympus_Mons"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--crontab-timezone: 'Mars/Olympus_Mons' is not a time zone: use an IANA id such as"
                        + " Europe/Paris or America/New_York, or UTC");
    }

    @Test
    void keepHistoryTakesAPeriodAndIsOffUnlessGiven() {
        assertThat(options(Map.of()).keepHistory()).isEmpty();
        assertThat(options(Map.of(), "--keep-history", "7d").keepHistory()).contains(Duration.ofDays(7));
        assertThat(options(Map.of(), "--keep-history", "30m").keepHistory()).contains(Duration.ofMinutes(30));
        assertThat(options(Map.of(), "--keep-history", "12h").keepHistory()).contains(Duration.ofHours(12));
        assertThat(options(Map.of(), "--keep-history", "1w2d").keepHistory()).contains(Duration.ofDays(9));
    }

    @Test
    void aBadKeepHistoryIsRefusedOnOneLineWithExitStatusTwo() {
        assertRefused("7 days", "graphile-worker: --keep-history must be a period such as 30m, 12h or 7d, was '7 days'");
        assertRefused("7x", "graphile-worker: --keep-history must be a period such as 30m, 12h or 7d, was '7x'");
        assertRefused("", "graphile-worker: --keep-history must be a period such as 30m, 12h or 7d, was ''");
        assertRefused("30s", "graphile-worker: --keep-history must be at least 1m, was '30s'");
        assertRefused("99999999999999999w", "graphile-worker: --keep-history is too long a period: "
                + "'99999999999999999w'");
    }

    @Test
    void taskLimitsAndRatesAreRepeatableAndCombine() {
        WorkerOptions options = options(Map.of(), "--task-limit", "send_email=5", "--task-limit", "a=b=2",
                "--task-rate", "send_email=100/1m", "--task-rate", "send_sms=10/1h30m");

        assertThat(options.taskLimits()).containsOnlyKeys("send_email", "a=b", "send_sms");
        assertThat(options.taskLimits().get("send_email").maxRunning()).hasValue(5);
        assertThat(options.taskLimits().get("send_email").maxStarts()).hasValue(100);
        assertThat(options.taskLimits().get("send_email").per()).contains(Duration.ofMinutes(1));
        assertThat(options.taskLimits().get("a=b").maxRunning()).hasValue(2);
        assertThat(options.taskLimits().get("send_sms").per()).contains(Duration.ofMinutes(90));
        assertThat(options(Map.of()).taskLimits()).isEmpty();
    }

    @Test
    void badTaskLimitsAreRefusedOnOneLineWithExitStatusTwo() {
        assertRefused("--task-limit", "send_email", "graphile-worker: --task-limit must be TASK=N, such as"
                + " send_email=5, was 'send_email'");
        assertRefused("--task-limit", "send_email=five", "graphile-worker: --task-limit: 'five' is not a whole number,"
                + " in 'send_email=five'");
        assertRefused("--task-limit", "send_email=0", "graphile-worker: --task-limit of 'send_email' must be at least 1"
                + " (a task that must not run at all belongs in no task list), was 0");
        assertRefused("--task-rate", "send_sms=100", "graphile-worker: --task-rate must be TASK=N/PERIOD, such as"
                + " send_sms=100/1m, was 'send_sms=100'");
        assertRefused("--task-rate", "send_sms=100/1 minute", "graphile-worker: --task-rate must be a period such as"
                + " 30m, 12h or 7d, was '1 minute'");
        assertRefused("--task-rate", "send_sms=100/2d", "graphile-worker: --task-rate of 'send_sms' needs a window"
                + " from 1 second to 1 day, was PT48H");
    }

    private static void assertRefused(String value, String firstLine) {
        assertRefused("--keep-history", value, firstLine);
    }

    private static void assertRefused(String option, String value, String firstLine) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = GraphileWorkerCommand.commandLine(Map.of()).setErr(new PrintWriter(err));

        int status = commandLine.execute("-c", DATABASE, option, value);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith(firstLine + System.lineSeparator());
        assertThat(err.toString().lines()).hasSize(2);
    }

    @Test
    void aCommandLineWithoutSubcommandIsAnsweredAsTheWholeCommandAnswersIt() {
        for (List<String> line : List.of(List.of("job"), List.of("--jbos", "3"), List.of("-c", DATABASE, "-j", "many"),
                List.of("-c", DATABASE, "--log-level", "loud"), List.of("-c", DATABASE, "--once", "--watch"),
                List.of("--version"))) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine whole = GraphileWorkerCommand.commandLine(Map.of()).setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(err));
            int status = whole.execute(line.toArray(String[]::new));

            assertThat(executed(line)).as("%s", line).isEqualTo(new Executed(status, out.toString(), err.toString()));
        }
    }

    @Test
    void anArgumentFileThatNamesASubcommandReachesIt(@TempDir Path folder) throws Exception {
        Path arguments = Files.writeString(folder.resolve("arguments"), "queues --bogus");

        Executed run = executed(List.of("@" + arguments));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("graphile-worker: Unknown option: '--bogus'" + System.lineSeparator()
                + "Try 'graphile-worker queues --help' for the options." + System.lineSeparator());
    }

    @Test
    void everySubcommandSendsItsLineToTheWholeCommandAtOnce() {
        assertThat(GraphileWorkerCommand.WHOLE_COMMAND_WORDS)
                .containsAll(GraphileWorkerCommand.commandLine(Map.of()).getSubcommands().keySet());
    }

    @Test
    void helpListsTheSubcommands() {
        Executed help = executed(List.of("--help"));

        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("add-job", "jobs", "queues", "workers", "dashboard");
    }

    private record Executed(int status, String out, String err) {
    }

    private static Executed executed(List<String> line) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GraphileWorkerCommand.execute(Map.of(), line.toArray(String[]::new),
                commandLine -> commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)));
        return new Executed(status, out.toString(), err.toString());
    }

    @Test
    void helpShowsTheDefaultsOfWorkerOptions() {
        String help = GraphileWorkerCommand.commandLine(Map.of()).getUsageMessage(CommandLine.Help.Ansi.OFF)
                .replaceAll("\\s+", " ");

        assertThat(help).contains(
                "at once (default: " + WorkerOptions.DEFAULT_CONCURRENCY + ")",
                "connections (default: " + WorkerOptions.DEFAULT_MAX_POOL_SIZE + ")",
                "notification (default: " + WorkerOptions.DEFAULT_POLL_INTERVAL.toMillis() + ")",
                "abort signal (default: " + WorkerOptions.DEFAULT_SHUTDOWN_GRACE_PERIOD.toMillis() + ")",
                "slots (default: " + WorkerOptions.DEFAULT_LOCAL_QUEUE_SIZE + ")",
                "given back (default: " + WorkerOptions.DEFAULT_LOCAL_QUEUE_TTL.toMillis() + ")",
                "alone (default: " + WorkerOptions.DEFAULT_COMPLETION_BATCH_SIZE + ")",
                "jobs run (default: " + WorkerOptions.DEFAULT_COMPLETION_BATCH_DELAY.toMillis() + ")",
                "turns it off (default: " + WorkerOptions.DEFAULT_DEAD_WORKER_RECOVERY_TIME.toMillis() + ")",
                "else " + WorkerOptions.DEFAULT_SCHEMA + ")");
    }

    private static WorkerOptions options(Map<String, String> environment, String... args) {
        GraphileWorkerCommand command = new GraphileWorkerCommand(environment);
        new CommandLine(command.spec()).parseArgs(args);
        return command.workerOptions().connectionString(DATABASE).build();
    }
}
