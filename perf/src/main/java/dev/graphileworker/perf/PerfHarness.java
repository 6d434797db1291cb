package dev.graphileworker.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The performance harness: measures our {@code bin/graphile-worker} beside graphile-worker 0.18.0,
 * step by step, each measurement on a fresh database, and prints one table (also written as CSV
 * to perf/target/results). Run it with {@code perf/run}, which builds what it needs first.
 *
 * <p>Options: {@code --smoke} (a few hundred jobs a step, one run: proves the harness works),
 * {@code --runs N} (runs per figure, default 3), {@code --large-runs N} (runs per figure of the
 * 200,000- and 1,000,000-job measurements, default: as {@code --runs}), {@code --only STEPS}
 * (comma-separated: startup, throughput, latency, enqueue, backlog, pgbench, dashboard), {@code --history} (one
 * more throughput row: the largest queue, batching, with our worker recording the history of finished
 * jobs, {@code --keep-history}), {@code --root DIR}
 * (the repository, default: the working directory).
 *
 * <p>Exit status 0 when every step ran, whatever the figures; 1 when a step could not measure
 * (a worker failed, hung or left jobs behind), with the reason.
 */
public final class PerfHarness {

    /** Jobs of the run that records our archive: about a second of work, enough for the JIT to compile their path. */
    private static final int ARCHIVE_RUN_JOBS = 20_000;
    private static final Duration ARCHIVE_RUN_TIMEOUT = Duration.ofSeconds(120);
    /** The launcher's archives (JDK 17's class-data archive, JDK 25's cache), and their candidates. */
    private static final Pattern ARCHIVE_FILES = Pattern.compile("graphile-worker(-jdk\\d+)?\\.(jsa|aot)(\\..*)?");
    /** A recording run's archive, kept as a candidate named after its process until the launcher's next start. */
    private static final Pattern RECORDED_ARCHIVE = Pattern.compile("(graphile-worker(?:-jdk\\d+)?\\.(?:jsa|aot))\\.\\d+");

    private static final Path DEFAULT_PGBENCH = Path.of("/usr/lib/postgresql/15/bin/pgbench");

    private PerfHarness() {
    }

    public static void main(String[] args) {
        try {
            run(new Arguments(args));
        } catch (HarnessFailure | IllegalArgumentException e) {
            System.err.println("perf: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.print("perf: ");
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(Arguments arguments) throws Exception {
        Layout layout = new Layout(arguments.root);
        checkBuilt(layout);
        Scale scale = arguments.smoke ? Scale.smoke() : Scale.full(arguments.runs, arguments.largeRuns);
        Path pgbench = pgbench();
        PostgresServer server = new PostgresServer(System.getenv());
        Progress progress = new Progress(System.err);
        List<WorkerRuntime> runtimes = List.of(new OurWorker(layout, arguments.workerJdk), new NodeWorker(layout));
        PgbenchBaseline baseline = new PgbenchBaseline(pgbench);
        List<Step> steps = new ArrayList<>(List.of(new StartupStep(), new ThroughputStep(), new LatencyStep(),
                new EnqueueStep(), new BacklogStep(), baseline, new DashboardStep()));
        if (arguments.only != null) {
            Set<String> known = steps.stream().map(Step::name).collect(Collectors.toSet());
            if (!known.containsAll(arguments.only)) {
                throw new IllegalArgumentException("--only takes " + String.join(", ", known));
            }
            steps.removeIf(step -> !arguments.only.contains(step.name()));
        }
        String mode = arguments.smoke ? "smoke (a few hundred jobs a step, 1 run: the figures mean nothing)"
                : "full, medians of " + runs(scale.runs()) + " (" + runs(scale.largeRuns())
                        + " for the 200,000- and 1,000,000-job figures)";
        Map<String, String> environment = Environment.describe(server, layout, pgbench, mode, arguments.workerJdk);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + (arguments.smoke ? "-smoke" : "");
        Path logs = layout.logs().resolve(stamp);

        server.dropLeftovers();
        Map<String, FreshDatabase> templates = new LinkedHashMap<>();
        Results results = new Results();
        try {
            for (WorkerRuntime runtime : runtimes) {
                templates.put(runtime.name(), installTemplate(server, runtime, logs));
            }
            Map<String, String> templateNames = new LinkedHashMap<>();
            templates.forEach((name, database) -> templateNames.put(name, database.name()));
            Bench bench = new Bench(server, layout, runtimes, templateNames, scale, progress, logs, arguments.history);
            environment.put("our archive", recordOurArchive(bench, layout, runtimes.get(0)));
            for (Step step : steps) {
                progress.say("step %s", step.name());
                step.run(bench, results);
            }
        } finally {
            for (FreshDatabase template : templates.values()) {
                template.close();
            }
        }
        environment.put("load average at end", Environment.loadAverage());
        ResultTable table = new ResultTable(environment, results.rows(runtimes.get(0).name(), runtimes.get(1).name()));
        System.out.println(table.text());
        Files.createDirectories(layout.results());
        Path text = Files.writeString(layout.results().resolve("perf-" + stamp + ".txt"), table.text());
        Path csv = Files.writeString(layout.results().resolve("perf-" + stamp + ".csv"), table.csv());
        progress.say("written: %s and %s; process logs in %s", text, csv, logs);
    }

    private static FreshDatabase installTemplate(PostgresServer server, WorkerRuntime runtime, Path logs)
            throws Exception {
        FreshDatabase template = server.createDatabase("template_" + runtime.name());
        Path log = logs.resolve("000-schema-" + runtime.name() + ".log");
        try (ChildProcess install = ChildProcess.start(runtime.installSchema(template), log)) {
            install.awaitSuccess(Duration.ofSeconds(60));
        }
        return template;
    }

    /**
     * One untimed run of our worker first, whatever the steps: the first worker run after a build (or on
     * another JDK) records the launcher's class-data archive or ahead-of-time cache, which costs it seconds
     * at exit, as it would on a user's machine once. It runs as a user's worker does: on jobs, until
     * stopped. So the archive holds the classes loaded to run jobs, and on JDK 25 the profiles of the
     * methods that run them, which a run on an empty queue would leave out. Archives left by earlier runs
     * are deleted first (a build that changed nothing leaves them current), so that every table's figures
     * come from an archive recorded this way.
     *
     * @return the archive recorded, for the table's header
     */
    private static String recordOurArchive(Bench bench, Layout layout, WorkerRuntime ours) throws Exception {
        for (Path earlier : archives(layout, ARCHIVE_FILES)) {
            Files.delete(earlier);
        }
        Path log = bench.logFor(ours, "archive");
        try (FreshDatabase database = bench.freshDatabase(ours, "archive")) {
            database.addNoopJobs(ARCHIVE_RUN_JOBS);
            database.addJob("mark", "{\"name\": \"end\"}");
            try (NotificationListener marks = new NotificationListener(database, "perf_mark");
                    ChildProcess worker = ChildProcess.start(ours.command(database, WorkerVariant.FASTEST, false),
                            log)) {
                marks.next(ARCHIVE_RUN_TIMEOUT, "the end mark of the run that records the archive; see " + log);
                worker.stop(ARCHIVE_RUN_TIMEOUT);
            }
        }
        // The launcher keeps what the run recorded under a name of its own until its next start.
        List<Path> recorded = archives(layout, RECORDED_ARCHIVE);
        if (recorded.size() != 1 || !Files.exists(Path.of(recorded.get(0) + ".ok"))) {
            throw new HarnessFailure("the run that records our archive left " + recorded + " in "
                    + layout.ourLibraries() + ", not one archive marked to be kept; see " + log);
        }
        return String.format(Locale.ROOT, "%s, %,d MB, recorded by a worker (%s) that ran %,d jobs and was stopped",
                RECORDED_ARCHIVE.matcher(recorded.get(0).getFileName().toString()).replaceFirst("$1"),
                Files.size(recorded.get(0)) / (1024 * 1024), WorkerVariant.FASTEST.describe(), ARCHIVE_RUN_JOBS);
    }

    private static List<Path> archives(Layout layout, Pattern names) throws IOException {
        try (Stream<Path> files = Files.list(layout.ourLibraries())) {
            return files.filter(file -> names.matcher(file.getFileName().toString()).matches()).sorted().toList();
        }
    }

    private static String runs(int count) {
        return count == 1 ? "1 run" : count + " runs";
    }

    /** The harness may be started by hand; perf/run builds and installs all of this first. */
    private static void checkBuilt(Layout layout) {
        for (Path needed : List.of(layout.ourLibraries().resolve("graphile-worker.jar"),
                layout.ourTaskFolder(), layout.nodeWorkerCommand())) {
            if (!Files.exists(needed)) {
                throw new IllegalArgumentException(needed + " is missing: run perf/run, which builds and installs "
                        + "what the harness needs");
            }
        }
    }

    /** PGBENCH, else PostgreSQL 15's, else the one on PATH. */
    private static Path pgbench() {
        String configured = System.getenv("PGBENCH");
        if (configured != null && !configured.isEmpty()) {
            return Path.of(configured);
        }
        return Files.isExecutable(DEFAULT_PGBENCH) ? DEFAULT_PGBENCH : Path.of("pgbench");
    }

    /** The command line, checked. */
    private static final class Arguments {
        boolean smoke;
        boolean history;
        int runs = 3;
        int largeRuns = -1;
        Set<String> only;
        Path root = Path.of("").toAbsolutePath();
        Optional<Path> workerJdk = Optional.empty();

        Arguments(String[] args) {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> smoke = true;
                    case "--history" -> history = true;
                    case "--runs" -> runs = positive(args, ++i);
                    case "--large-runs" -> largeRuns = positive(args, ++i);
                    case "--only" -> only = Set.copyOf(Arrays.asList(value(args, ++i).split(",")));
                    case "--root" -> root = Path.of(value(args, ++i)).toAbsolutePath();
                    case "--worker-jdk" -> workerJdk = Optional.of(jdk(value(args, ++i)));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --smoke, --history, --runs N, --large-runs N, --only STEPS, --root DIR, "
                            + "--worker-jdk DIR");
                }
            }
            if (largeRuns < 0) {
                largeRuns = runs;
            }
        }

        private static Path jdk(String folder) {
            Path home = Path.of(folder).toAbsolutePath();
            if (!Files.isExecutable(home.resolve("bin/java"))) {
                throw new IllegalArgumentException("--worker-jdk " + folder + ": no bin/java there");
            }
            return home;
        }

        private static String value(String[] args, int index) {
            if (index >= args.length) {
                throw new IllegalArgumentException(args[index - 1] + " needs a value");
            }
            return args[index];
        }

        private static int positive(String[] args, int index) {
            String text = value(args, index);
            try {
                int number = Integer.parseInt(text);
                if (number >= 1) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // Reported below with the option's name.
            }
            throw new IllegalArgumentException(args[index - 1] + " takes a whole number of at least 1, not " + text);
        }
    }
}
