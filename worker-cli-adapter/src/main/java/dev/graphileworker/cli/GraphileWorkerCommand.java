// Why this file is over 400 lines: it declares every option of the command (a fifth of the file, each
// with its help text) and decides, in one readable place, which mode runs and in what order the task
// folder, the crontab and the database are checked. The helpers to declare and read options live in
// CommandOptions.
package dev.graphileworker.cli;

import static dev.graphileworker.cli.CommandOptions.addStandardHelpOptions;
import static dev.graphileworker.cli.CommandOptions.flag;
import static dev.graphileworker.cli.CommandOptions.ifGiven;
import static dev.graphileworker.cli.CommandOptions.ifGivenMillis;
import static dev.graphileworker.cli.CommandOptions.isOn;
import static dev.graphileworker.cli.CommandOptions.option;
import static dev.graphileworker.cli.CommandOptions.path;
import static dev.graphileworker.cli.CommandOptions.period;
import static dev.graphileworker.cli.CommandOptions.repeatable;
import static dev.graphileworker.cli.CommandOptions.shared;
import static dev.graphileworker.cli.CommandOptions.text;
import static dev.graphileworker.cli.CommandOptions.texts;

import ch.qos.logback.classic.Level;
import dev.graphileworker.api.CleanupOptions;
import dev.graphileworker.api.CleanupResult;
import dev.graphileworker.api.CleanupTask;
import dev.graphileworker.api.ConnectionString;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.cli.internal.admin.Terminal;
import dev.graphileworker.cli.internal.connection.ConnectionResolver;
import dev.graphileworker.cli.internal.embedded.EmbeddedPostgresServer;
import dev.graphileworker.cli.internal.embedded.PostgresBinaries;
import dev.graphileworker.cli.internal.logging.LogFormat;
import dev.graphileworker.cli.internal.logging.LogSetup;
import dev.graphileworker.cli.internal.run.ArchiveCandidate;
import dev.graphileworker.cli.internal.run.FinishedJobCounter;
import dev.graphileworker.cli.internal.run.ProgressReporter;
import dev.graphileworker.cli.internal.run.RunnableJobCount;
import dev.graphileworker.cli.internal.run.ShutdownSignals;
import dev.graphileworker.cli.internal.tasks.TaskFolder;
import dev.graphileworker.cli.internal.tasks.WatchedTaskFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * The {@code graphile-worker} command: runs the tasks of a folder against a graphile-worker queue,
 * with the original's options. Exit status 0 when done, 1 when it could not run (the reason on one
 * line), 2 for bad options.
 *
 * <p>The options are declared with picocli's programmatic model rather than its annotations: reading
 * annotations made the JVM generate a proxy class per annotation type and reflect over every field,
 * which was about half of picocli's share of a short run's start-up.
 */
public final class GraphileWorkerCommand implements Callable<Integer> {

    static final int EXIT_FAILED = 1;
    /**
     * The words that send a command line to the whole command at once: the help options, whose output
     * lists the subcommands, and the subcommands' names (a line with one would otherwise be parsed
     * twice, the first time in vain).
     */
    static final Set<String> WHOLE_COMMAND_WORDS = Set.of("add-job", "jobs", "queues", "workers", "dashboard",
            "-h", "--help");
    private static final Path EMBEDDED_DATA = Path.of(".graphile-worker", "postgres");
    private static final Path DEFAULT_CRONTAB = Path.of("crontab");

    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("graphile-worker")
            .versionProvider(new Version());

    private final OptionSpec connection = add(shared(option("URL", String.class, null,
            "postgres:// or postgresql:// URI, jdbc:postgresql: URL, or a database name", "-c", "--connection")));
    private final OptionSpec schema = add(shared(option("NAME", String.class, null,
            "schema of the queue (default: GRAPHILE_WORKER_SCHEMA, else " + WorkerOptions.DEFAULT_SCHEMA + ")",
            "-s", "--schema")));
    private final OptionSpec schemaOnly = add(flag("install or upgrade the schema, then exit", "--schema-only"));
    private final OptionSpec once = add(flag("run the jobs that are due, then exit", "--once"));
    // The worker's options have no default here: unless given, WorkerOptions decides, and the help
    // shows its defaults.
    private final OptionSpec jobs = add(option("N", Integer.class, null,
            "how many jobs run at once (default: " + WorkerOptions.DEFAULT_CONCURRENCY + ")", "-j", "--jobs"));
    private final OptionSpec maxPoolSize = add(shared(option("N", Integer.class, null,
            "most database connections (default: " + WorkerOptions.DEFAULT_MAX_POOL_SIZE + ")",
            "-m", "--max-pool-size")));
    private final OptionSpec pollIntervalMillis = add(option("MS", Long.class, null,
            "how often to look for jobs without a notification (default: "
                    + WorkerOptions.DEFAULT_POLL_INTERVAL.toMillis() + ")", "--poll-interval"));
    private final OptionSpec tasksFolder = add(option("DIR", Path.class, "tasks",
            "folder of tasks: executables and jars (default: ${DEFAULT-VALUE})", "--tasks"));
    private final OptionSpec crontab = add(option("FILE", Path.class, null,
            "recurring jobs (default: ./crontab when it exists)", "--crontab"));
    private final OptionSpec crontabTimeZone = add(option("ZONE", String.class, null,
            "time zone of the crontab's lines without ?tz=, such as Europe/Paris (default: UTC)",
            "--crontab-timezone"));
    private final OptionSpec watch = add(flag("pick up changed task files without a restart", "--watch"));
    private final OptionSpec noPreparedStatements = add(shared(flag(
            "for poolers that cannot keep prepared statements (PgBouncer in transaction mode)",
            "--no-prepared-statements")));
    private final OptionSpec cleanup = add(option("TASKS", String.class, null,
            "clean the database, then exit: GC_TASK_IDENTIFIERS, GC_JOB_QUEUES, DELETE_PERMAFAILED_JOBS "
                    + "(comma-separated); the task folder's identifiers are kept", "--cleanup"));
    private final OptionSpec gracePeriodMillis = add(option("MS", Long.class, null,
            "on SIGINT/SIGTERM, how long running jobs may finish before their abort signal "
                    + "(default: " + WorkerOptions.DEFAULT_SHUTDOWN_GRACE_PERIOD.toMillis() + ")",
            "--shutdown-grace-period"));
    private final OptionSpec localQueueSize = add(option("N", Integer.class, null,
            "most jobs claimed ahead of free slots, at the worker's pace; 0 claims only for free "
                    + "slots (default: " + WorkerOptions.DEFAULT_LOCAL_QUEUE_SIZE + ")", "--local-queue-size"));
    private final OptionSpec localQueueTtlMillis = add(option("MS", Long.class, null,
            "a job claimed ahead that waits this long is given back (default: "
                    + WorkerOptions.DEFAULT_LOCAL_QUEUE_TTL.toMillis() + ")", "--local-queue-ttl"));
    private final OptionSpec completionBatchSize = add(option("N", Integer.class, null,
            "most job results written in one statement; 1 writes each alone (default: "
                    + WorkerOptions.DEFAULT_COMPLETION_BATCH_SIZE + ")", "--completion-batch-size"));
    private final OptionSpec completionBatchDelayMillis = add(option("MS", Long.class, null,
            "how long a result may wait for others while jobs run (default: "
                    + WorkerOptions.DEFAULT_COMPLETION_BATCH_DELAY.toMillis() + ")", "--completion-batch-delay"));
    private final OptionSpec durableClaims = add(flag("claims wait for the disk as every other write does, so that "
            + "a database crash cannot undo one (default: they do not; a job whose claim is undone runs again)",
            "--durable-claims"));
    private final OptionSpec deadWorkerRecoveryMillis = add(option("MS", Long.class, null,
            "free the jobs of a worker whose database sessions have been gone this long; "
                    + "0 turns it off (default: " + WorkerOptions.DEFAULT_DEAD_WORKER_RECOVERY_TIME.toMillis() + ")",
            "--dead-worker-recovery-time"));
    private final OptionSpec keepHistory = add(option("PERIOD", String.class, null,
            "record completed and permanently failed jobs in the schema's _history schema, and keep them "
                    + "this long: 30m, 12h, 7d, 1w2d (default: no history)", "--keep-history"));
    private final OptionSpec taskLimits = add(repeatable("TASK=N",
            "run at most N jobs of TASK at once across this library's workers; repeatable; every worker "
                    + "running TASK needs the same limit (default: no limit)", "--task-limit"));
    private final OptionSpec taskRates = add(repeatable("TASK=N/PERIOD",
            "start at most N jobs of TASK per PERIOD (30s, 1m, 1h) across this library's workers; "
                    + "repeatable (default: no limit)", "--task-rate"));
    private final OptionSpec logLevel = add(shared(option("LEVEL", String.class, "info",
            "error, warn, info, debug or trace (default: ${DEFAULT-VALUE})", "--log-level")));
    private final OptionSpec logFormat = add(shared(option("FORMAT", String.class, "text",
            "text or json (default: ${DEFAULT-VALUE})", "--log-format")));

    private final Map<String, String> environment;

    /** @param environment the process environment, where the connection and schema defaults come from */
    GraphileWorkerCommand(Map<String, String> environment) {
        this(environment, AdministrationSource.DATABASE, Terminal.system(), true);
    }

    /**
     * The command without its subcommands, for a command line that names none: building their
     * models (each with its own parser and converters) was a third of picocli's share of a worker's
     * start-up.
     */
    private GraphileWorkerCommand(Map<String, String> environment, boolean withSubcommands) {
        this(environment, AdministrationSource.DATABASE, Terminal.system(), true, withSubcommands);
    }

    /**
     * @param environment the process environment, where the connection and schema defaults come from
     * @param administration where the operator commands (jobs, queues, workers) find the queue's administration
     * @param terminal standard input, where they ask for confirmation
     * @param configuresLogging whether they set up logging as the command does (not in a test's JVM,
     *     whose logging other tests rely on)
     */
    GraphileWorkerCommand(Map<String, String> environment, AdministrationSource administration, Terminal terminal,
            boolean configuresLogging) {
        this(environment, administration, terminal, configuresLogging, true);
    }

    private GraphileWorkerCommand(Map<String, String> environment, AdministrationSource administration,
            Terminal terminal, boolean configuresLogging, boolean withSubcommands) {
        this.environment = Map.copyOf(environment);
        addStandardHelpOptions(spec);
        spec.usageMessage().sortOptions(false)
                .description("Runs jobs from a graphile-worker queue in PostgreSQL with the tasks of a folder.")
                .footerHeading("%nDatabase:%n")
                .footer("  -c, else DATABASE_URL, else the libpq variables PGHOST, PGPORT, PGUSER,",
                        "  PGPASSWORD and PGDATABASE. With none of them, an embedded PostgreSQL",
                        "  keeps its data in ./.graphile-worker/postgres.",
                        "",
                        "Exit status: 0 done; 1 could not run (reason on one line); 2 bad options.");
        if (!withSubcommands) {
            return;
        }
        // After the shared options: the subcommand inherits those declared so far.
        spec.addSubcommand("add-job", new AddJobCommand(this).spec());
        AdminCommand.Context admin = new AdminCommand.Context(this, administration, terminal, configuresLogging);
        spec.addSubcommand("jobs", JobsCommands.spec(admin));
        spec.addSubcommand("queues", QueuesAndWorkersCommands.queues(admin));
        spec.addSubcommand("workers", QueuesAndWorkersCommands.workers(admin));
        spec.addSubcommand("dashboard", new DashboardCommand(admin).spec());
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(execute(System.getenv(), args, UnaryOperator.identity()));
    }

    /**
     * Runs a command line that names no subcommand (nor asks for the help, which lists them) on the
     * command without subcommands. A command line that this model cannot parse (a mistyped
     * subcommand, an argument file naming one, a bad option) is parsed again by the whole command,
     * so that every message about it is the one the whole command gives.
     *
     * @param environment the process environment
     * @param args the command line
     * @param output sets where the command writes, on each model made
     * @return the exit status
     */
    static int execute(Map<String, String> environment, String[] args, UnaryOperator<CommandLine> output) {
        Supplier<CommandLine> whole = () -> output.apply(commandLine(environment));
        if (Arrays.stream(args).anyMatch(WHOLE_COMMAND_WORDS::contains)) {
            return whole.get().execute(args);
        }
        CommandLine withoutSubcommands = output.apply(commandLine(new GraphileWorkerCommand(environment, false)));
        AtomicBoolean parsed = new AtomicBoolean();
        IExecutionStrategy runs = withoutSubcommands.getExecutionStrategy();
        return withoutSubcommands
                .setExecutionStrategy(parseResult -> {
                    parsed.set(true);
                    return runs.execute(parseResult);
                })
                // Options the command itself refuses, once parsed, are reported as usual.
                .setParameterExceptionHandler((bad, sameArgs) -> parsed.get()
                        ? reportBadOptions(bad, sameArgs) : whole.get().execute(sameArgs))
                .execute(args);
    }

    static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(new GraphileWorkerCommand(environment));
    }

    static CommandLine commandLine(GraphileWorkerCommand command) {
        return new CommandLine(command.spec)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(GraphileWorkerCommand::reportBadOptions)
                .setExecutionExceptionHandler(GraphileWorkerCommand::reportFailure);
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        WorkerOptions.Builder options = workerOptions();
        configureLogging();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            // Every mode checks the crontab before the database is started or reached, though only a
            // worker that runs until stopped schedules it (graphile-worker's --once checks it too).
            if (isOn(schemaOnly)) {
                readCrontab();
                connect(options, resources);
                GraphileWorker.runMigrations(options.build());
                LoggerFactory.getLogger(GraphileWorkerCommand.class).info("Schema {} is up to date",
                        options.build().schema());
                return 0;
            }
            if (text(cleanup) != null) {
                // Keep the identifiers of the local tasks, as graphile-worker's command does.
                Path folder = path(tasksFolder);
                TaskList tasks = Files.isDirectory(folder) ? TaskFolder.load(folder) : TaskList.empty();
                readCrontab();
                return cleanUp(connect(options, resources).build(), tasks);
            }
            // The task folder and crontab are checked before the database is started or reached.
            TaskList tasks = loadTasks(resources);
            Optional<String> crontabText = readCrontab();
            connect(options, resources);
            int status;
            if (isOn(once)) {
                // Checked, not scheduled.
                status = runOnce(options, tasks);
            } else {
                crontabText.ifPresent(options::crontab);
                status = runUntilStopped(options.taskList(tasks).build());
            }
            // Only now has the run loaded what a worker needs: a class-data archive it records is worth keeping.
            ArchiveCandidate.keep();
            return status;
        } finally {
            closeAll(resources);
        }
    }

    private void checkOptions() {
        checkSharedOptions();
        if (text(cleanup) != null) {
            try {
                CleanupTask.fromNames(text(cleanup));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--cleanup: " + e.getMessage());
            }
            if (isOn(schemaOnly) || isOn(once) || isOn(watch)) {
                throw new ParameterException(spec.commandLine(),
                        "--cleanup cannot be used with --schema-only, --once or --watch");
            }
        }
        if (isOn(schemaOnly) && isOn(once)) {
            throw new ParameterException(spec.commandLine(), "--schema-only and --once cannot be used together");
        }
        if (isOn(watch) && isOn(once)) {
            throw new ParameterException(spec.commandLine(), "--watch and --once cannot be used together");
        }
        if (gracePeriodMillis.getValue() != null && gracePeriodMillis.<Long>getValue() < 0) {
            throw new ParameterException(spec.commandLine(), "--shutdown-grace-period must not be negative");
        }
    }

    private void checkSharedOptions() {
        if (!List.of("error", "warn", "info", "debug", "trace")
                .contains(text(logLevel).toLowerCase(Locale.ROOT))) {
            throw new ParameterException(spec.commandLine(),
                    "--log-level must be error, warn, info, debug or trace, was '" + text(logLevel) + "'");
        }
        if (!List.of("text", "json").contains(text(logFormat).toLowerCase(Locale.ROOT))) {
            throw new ParameterException(spec.commandLine(), "--log-format must be text or json, was '"
                    + text(logFormat) + "'");
        }
    }

    /**
     * Checks the logging options and points logging at standard error, unless the user configured
     * Logback (see {@link LogSetup}); for this command and its subcommands.
     */
    void configureLogging() {
        checkSharedOptions();
        Level level = Level.toLevel(text(logLevel));
        LogFormat format = LogFormat.valueOf(text(logFormat).toUpperCase(Locale.ROOT));
        LogSetup.configure(given(logLevel) ? Optional.of(level) : Optional.empty(),
                given(logFormat) ? Optional.of(format) : Optional.empty());
    }

    /** @return whether the option is on the command line, before or after a subcommand (not its default) */
    private boolean given(OptionSpec option) {
        for (CommandLine.ParseResult parsed = spec.commandLine().getParseResult(); parsed != null;
                parsed = parsed.subcommand()) {
            if (parsed.hasMatchedOption(option.longestName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the worker options given on the command line, checked, without the database; what is
     *     not given is left at {@link WorkerOptions}' defaults
     * @throws ParameterException naming the option when a value is out of range
     */
    WorkerOptions.Builder workerOptions() {
        WorkerOptions.Builder options = WorkerOptions.builder();
        try {
            Optional.ofNullable(text(schema))
                    .or(() -> Optional.ofNullable(environment.get("GRAPHILE_WORKER_SCHEMA"))
                            .filter(name -> !name.isEmpty()))
                    .ifPresent(options::schema);
            ifGiven(jobs, options::concurrency);
            ifGiven(maxPoolSize, options::maxPoolSize);
            ifGivenMillis(pollIntervalMillis, options::pollInterval);
            ifGivenMillis(gracePeriodMillis, options::shutdownGracePeriod);
            ifGivenMillis(deadWorkerRecoveryMillis, options::deadWorkerRecoveryTime);
            ifGiven(localQueueSize, options::localQueueSize);
            ifGivenMillis(localQueueTtlMillis, options::localQueueTtl);
            ifGiven(completionBatchSize, options::completionBatchSize);
            ifGivenMillis(completionBatchDelayMillis, options::completionBatchDelay);
            if (text(crontabTimeZone) != null) {
                options.cronTimeZone(timeZone(text(crontabTimeZone)));
            }
            if (text(keepHistory) != null) {
                Duration retention = period(keepHistory);
                if (retention.compareTo(WorkerOptions.MINIMUM_HISTORY_RETENTION) < 0) {
                    throw new IllegalArgumentException("--keep-history must be at least 1m, was '"
                            + text(keepHistory) + "'");
                }
                options.keepHistory(retention);
            }
            for (String limit : texts(taskLimits)) {
                String[] taskAndMax = taskAnd(limit, "--task-limit", "TASK=N, such as send_email=5");
                options.taskConcurrencyLimit(taskAndMax[0], number(taskAndMax[1], "--task-limit", limit));
            }
            for (String rate : texts(taskRates)) {
                String[] taskAndRate = taskAnd(rate, "--task-rate", "TASK=N/PERIOD, such as send_sms=100/1m");
                int slash = taskAndRate[1].indexOf('/');
                if (slash < 0) {
                    throw new IllegalArgumentException("--task-rate must be TASK=N/PERIOD, such as send_sms=100/1m,"
                            + " was '" + rate + "'");
                }
                options.taskRateLimit(taskAndRate[0], number(taskAndRate[1].substring(0, slash), "--task-rate", rate),
                        period("--task-rate", taskAndRate[1].substring(slash + 1)));
            }
            return options.preparedStatements(!isOn(noPreparedStatements)).durableClaims(isOn(durableClaims));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), optionName(e.getMessage()));
        }
    }

    /** @return the task and what follows its last {@code =} */
    private static String[] taskAnd(String given, String option, String form) {
        int equals = given.lastIndexOf('=');
        if (equals < 1) {
            throw new IllegalArgumentException(option + " must be " + form + ", was '" + given + "'");
        }
        return new String[] {given.substring(0, equals), given.substring(equals + 1)};
    }

    private static int number(String text, String option, String given) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a whole number, in '" + given + "'", e);
        }
    }

    private ZoneId timeZone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new ParameterException(spec.commandLine(), "--crontab-timezone: '" + id
                    + "' is not a time zone: use an IANA id such as Europe/Paris or America/New_York, or UTC");
        }
    }

    /**
     * Names the database in the options, starting the embedded one when nothing names one; for this
     * command and its subcommands.
     *
     * @param options the options to complete
     * @param resources collects what the caller must close when done (the embedded server)
     * @return {@code options}
     */
    WorkerOptions.Builder connect(WorkerOptions.Builder options, List<AutoCloseable> resources) {
        Optional<ConnectionString> explicit;
        try {
            explicit = new ConnectionResolver(environment).resolve(text(connection));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (explicit.isPresent()) {
            return options.connectionString(explicit.get());
        }
        PostgresBinaries binaries;
        try {
            binaries = PostgresBinaries.find();
        } catch (IllegalStateException e) {
            throw new WorkerException(e.getMessage(), e);
        }
        LoggerFactory.getLogger(GraphileWorkerCommand.class).info("No database given (-c, DATABASE_URL or PG* variables): using an embedded PostgreSQL with its "
                + "data in ./{}; to use your own database, pass -c postgres://user@host/db", EMBEDDED_DATA);
        EmbeddedPostgresServer server;
        try {
            server = EmbeddedPostgresServer.start(EMBEDDED_DATA.toAbsolutePath(), binaries);
        } catch (IllegalStateException e) {
            throw new WorkerException(e.getMessage(), e);
        }
        resources.add(server);
        return options.connectionString(server.connectionString());
    }

    private TaskList loadTasks(List<AutoCloseable> resources) {
        if (!isOn(watch)) {
            return TaskFolder.load(path(tasksFolder));
        }
        WatchedTaskFolder watched = TaskFolder.watch(path(tasksFolder));
        resources.add(watched);
        return watched.taskList();
    }

    /**
     * For the dashboard's crontab page: the crontab a worker started here would run, and the zone of its
     * lines without {@code ?tz=}.
     *
     * @return the crontab's text and zone, when there is a crontab
     * @throws WorkerException when the file named does not exist, or naming the crontab's first bad line
     */
    Optional<Map.Entry<String, ZoneId>> crontabForDashboard() throws IOException {
        ZoneId zone = text(crontabTimeZone) == null ? ZoneOffset.UTC : timeZone(text(crontabTimeZone));
        return readCrontab().map(text -> Map.entry(text, zone));
    }

    /**
     * The crontab named by {@code --crontab}, else {@code ./crontab} when there is one, checked.
     *
     * @throws WorkerException when the file named does not exist, or naming the crontab's first bad line
     */
    private Optional<String> readCrontab() throws IOException {
        Path file = path(crontab) != null ? path(crontab) : DEFAULT_CRONTAB;
        if (path(crontab) == null && !Files.exists(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new WorkerException("the crontab " + file + " does not exist");
        }
        GraphileWorker.checkCrontab(text);
        return Optional.of(text);
    }

    private int cleanUp(WorkerOptions options, TaskList tasks) {
        GraphileWorker.runMigrations(options);
        CleanupOptions cleanupOptions = new CleanupOptions(CleanupTask.fromNames(text(cleanup)), tasks.identifiers());
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            CleanupResult result = utils.cleanup(cleanupOptions);
            LoggerFactory.getLogger(GraphileWorkerCommand.class).info(
                    "Cleaned up: {} permanently failed jobs, {} task identifiers, {} job queues deleted",
                    result.permanentlyFailedJobsDeleted(), result.taskIdentifiersDeleted(), result.jobQueuesDeleted());
        }
        return 0;
    }

    private int runOnce(WorkerOptions.Builder options, TaskList tasks) throws InterruptedException {
        FinishedJobCounter counter = new FinishedJobCounter();
        WorkerOptions counted = options.taskList(counter.count(tasks)).build();
        // Installed before the worker starts: a signal in between would otherwise kill the JVM outright.
        ShutdownSignals signals = ShutdownSignals.install(() -> System.exit(EXIT_FAILED));
        RunningWorker worker = GraphileWorker.startOnce(counted);
        signals.forwardTo(worker::stop, () -> terminate(worker));
        try (RunnableJobCount jobsLeft = new RunnableJobCount(() -> GraphileWorker.workerUtils(counted));
                ProgressReporter progress = new ProgressReporter(counter::finished, jobsLeft).start()) {
            worker.await();
        }
        return 0;
    }

    private int runUntilStopped(WorkerOptions options) throws InterruptedException {
        ShutdownSignals signals = ShutdownSignals.install(() -> System.exit(EXIT_FAILED));
        RunningWorker worker = GraphileWorker.run(options);
        signals.forwardTo(worker::stop, () -> terminate(worker));
        worker.await();
        return 0;
    }

    private static void terminate(RunningWorker worker) {
        worker.terminate();
        System.exit(EXIT_FAILED);
    }

    /** The builder's messages name its methods; the user knows the options. */
    private static String optionName(String message) {
        return message.replace("taskConcurrencyLimit", "--task-limit").replace("taskRateLimit", "--task-rate")
                .replace("concurrency", "--jobs").replace("maxPoolSize", "--max-pool-size")
                .replace("pollInterval", "--poll-interval")
                .replace("deadWorkerRecoveryTime", "--dead-worker-recovery-time")
                .replace("localQueueSize", "--local-queue-size").replace("localQueueTtl", "--local-queue-ttl")
                .replace("completionBatchSize", "--completion-batch-size")
                .replace("completionBatchDelay", "--completion-batch-delay").replace("keepHistory", "--keep-history")
                .replace("schema", "--schema");
    }

    /** Closes what {@link #databaseOptions} opened, last first. */
    static void closeAll(List<AutoCloseable> resources) throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private static int reportBadOptions(ParameterException bad, String[] args) {
        PrintWriter err = bad.getCommandLine().getErr();
        err.println("graphile-worker: " + bad.getMessage());
        err.println("Try '" + bad.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return bad.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int reportFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        err.println("graphile-worker: " + oneLine(failure));
        err.flush();
        LoggerFactory.getLogger(GraphileWorkerCommand.class).debug("The command failed", failure);
        return EXIT_FAILED;
    }

    private static String oneLine(Exception failure) {
        String message = failure instanceof WorkerException || failure.getMessage() != null
                ? failure.getMessage() : failure.toString();
        return message == null ? failure.getClass().getSimpleName() : message.replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * @param name an environment variable
     * @return its value in the environment the command was given, or {@code null}
     */
    String environmentVariable(String name) {
        return environment.get(name);
    }

    /** @return the command's declaration, for picocli */
    CommandSpec spec() {
        return spec;
    }

    private OptionSpec add(OptionSpec option) {
        spec.addOption(option);
        return option;
    }
}
