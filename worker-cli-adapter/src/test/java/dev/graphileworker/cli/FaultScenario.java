package dev.graphileworker.cli;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.Sql;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * One fault test's world: a queue schema with the {@link RunLedger} beside it, a working directory
 * whose {@code tasks} folder holds the {@link FaultTasks} jar, and the worker processes started in it
 * (killed, if still alive, on {@link #close()}). SQL given to it may name {@code {jobs}},
 * {@code {queues}}, {@code {schema}} and {@code {ledger}}.
 */
final class FaultScenario implements AutoCloseable {

    private static final int LOG_LINES_SHOWN = 80;
    /**
     * A small heap fails a huge allocation at once; the serial collector and the quick compiler alone
     * leave the few cores of a test machine to the work itself in these short runs of several JVMs.
     */
    private static final String JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private final String connectionString;
    private final DataSource dataSource;
    private final Sql sql;
    private final String schema;
    private final Path directory;
    private final List<CommandProcess> workers = new ArrayList<>();

    private FaultScenario(String connectionString, DataSource dataSource, String schema, Path directory) {
        this.connectionString = connectionString;
        this.dataSource = dataSource;
        this.sql = Sql.on(dataSource);
        this.schema = schema;
        this.directory = directory;
    }

    /**
     * Installs the queue's schema (in this JVM, which is quicker than starting the command for it),
     * creates the ledger and writes the task jar.
     *
     * @param schema the queue's schema, at most 56 characters (the ledger's name adds 7)
     */
    static FaultScenario prepare(String connectionString, DataSource dataSource, String schema, Path directory)
            throws Exception {
        FaultScenario scenario = new FaultScenario(connectionString, dataSource, schema, directory);
        GraphileWorker.runMigrations(WorkerOptions.builder().connectionString(connectionString).schema(schema).build());
        scenario.execute(RunLedger.CREATE);
        FaultTasks.writeJar(directory.resolve("tasks"));
        return scenario;
    }

    /** Starts {@code bin/graphile-worker} on this scenario's database, schema and task folder. */
    CommandProcess startWorker(String... options) throws Exception {
        CommandProcess worker = CommandProcess.start(directory,
                Map.of(FaultTasks.LEDGER_VARIABLE, ledgerSchema(), "JAVA_OPTS", JAVA_OPTS), withDatabase(options));
        workers.add(worker);
        return worker;
    }

    /** Starts a worker and waits until it logs that it runs. */
    CommandProcess startedWorker(String... options) throws Exception {
        CommandProcess worker = startWorker(options);
        worker.awaitLogLine(line -> line.contains(" started: "));
        return worker;
    }

    Path directory() {
        return directory;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** @return {@code sql} with the placeholders replaced by quoted names */
    String expand(String sql) {
        String queue = '"' + schema + '"';
        return sql.replace("{jobs}", queue + "._private_jobs").replace("{queues}", queue + "._private_job_queues")
                .replace("{schema}", queue).replace("{ledger}", '"' + ledgerSchema() + '"');
    }

    void execute(String statement) {
        sql.execute(expand(statement));
    }

    long count(String query) {
        return sql.count(expand(query));
    }

    /** @return the first column of the rows, as text; for lists of offenders in assertions */
    List<String> texts(String query) {
        return sql.texts(expand(query));
    }

    void awaitCount(String what, String query, long expected) {
        Poll.until(what + " (" + expected + ")", Poll.DEADLINE, () -> count(query) == expected, this::logs);
    }

    void awaitAtLeast(String what, String query, long expected) {
        Poll.until(what + " (at least " + expected + ")", Poll.DEADLINE, () -> count(query) >= expected, this::logs);
    }

    /** @return the end of each worker's log without stack frames, for failure messages */
    String logs() {
        return workers.stream().map(worker -> {
            List<String> lines = worker.stderr().lines().filter(line -> !line.startsWith("\t")).toList();
            return "--- worker pid " + worker.pid() + (worker.isAlive() ? "" : " (exited)") + ", last lines:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()));
        }).collect(Collectors.joining("\n"));
    }

    private String ledgerSchema() {
        return schema + "_ledger";
    }

    private String[] withDatabase(String... options) {
        List<String> args = new ArrayList<>(List.of("-c", connectionString, "-s", schema));
        args.addAll(Arrays.asList(options));
        return args.toArray(String[]::new);
    }

    @Override
    public void close() {
        workers.forEach(CommandProcess::close);
    }
}
