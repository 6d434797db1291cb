package dev.graphileworker.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw PostgreSQL baselines, ceilings for any worker, on a fresh database with our schema and the
 * jobs added with {@code add_jobs} as in step (2), claiming in each of {@link #CLAIM_SHAPES}: the naive
 * ceiling, pgbench claiming jobs with {@code SKIP LOCKED} and deleting them in the same statement
 * (perf/pgbench/claim-and-delete.sql), and the fair one, claiming them as our worker does in one
 * transaction and deleting them in a second (perf/pgbench/claim-then-delete.sql) (see
 * {@link ClaimCeiling}); and {@code add_job} one at a time on each runtime's schema, the ceiling for
 * the enqueue step.
 */
final class PgbenchBaseline implements Step {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    /**
     * One job and 100 jobs a claim on one connection and on ten; and 500 a claim, what a batched worker
     * claims at a time (its local queue), on one connection and on two, as such a worker has one
     * connection claiming while another writes results. On 2 CPUs, ten connections claiming 100 at a
     * time ran slower than two claiming 500.
     */
    private static final List<ClaimShape> CLAIM_SHAPES = List.of(new ClaimShape(1, 1), new ClaimShape(1, 10),
            new ClaimShape(100, 1), new ClaimShape(100, 10), new ClaimShape(500, 1), new ClaimShape(500, 2));

    private final Path pgbench;

    PgbenchBaseline(Path pgbench) {
        this.pgbench = pgbench;
    }

    @Override
    public String name() {
        return "pgbench";
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        Scale scale = bench.scale();
        for (ClaimShape shape : CLAIM_SHAPES) {
            int jobs = shape.batch() == 1 ? scale.pgbenchSingleJobs() : scale.pgbenchBatchJobs();
            for (ClaimCeiling ceiling : ClaimCeiling.values()) {
                claim(bench, results, ceiling, jobs, shape.batch(), shape.connections());
            }
        }
        addJob(bench, results, scale.enqueue().singleJobs());
    }

    private void claim(Bench bench, Results results, ClaimCeiling ceiling, int jobs, int batch, int connections)
            throws Exception {
        Measure measure = Measure.higherIsBetter("(7) pgbench", String.format(Locale.ROOT,
                "%s, %d connection%s, %,d jobs", ceiling.describe(batch), connections, connections == 1 ? "" : "s",
                jobs), "jobs/s");
        int transactionsPerConnection = jobs / (batch * connections);
        WorkerRuntime ours = bench.runtimes().get(0);
        for (int run = 1; run <= bench.scale().runsFor(jobs); run++) {
            try (FreshDatabase database = bench.freshDatabase(ours, "pgbench")) {
                database.addNoopJobs(jobs);
                database.settle();
                double tps = pgbench(bench, database, ceiling.script(), connections, transactionsPerConnection,
                        List.of("-D", "batch=" + batch));
                long left = database.countJobs();
                long expectedLeft = jobs - (long) transactionsPerConnection * connections * batch;
                if (left != expectedLeft) {
                    throw new HarnessFailure("pgbench " + ceiling.script() + " left " + left + " jobs, not "
                            + expectedLeft);
                }
                results.add(measure, Results.PGBENCH, tps * batch);
                bench.progress().say("(7) pgbench %s, %d connection(s), run %d: %,.0f jobs/s",
                        ceiling.describe(batch), connections, run, tps * batch);
            }
        }
    }

    /** On each runtime's own schema: the two install different bodies of the same SQL function. */
    private void addJob(Bench bench, Results results, int jobs) throws Exception {
        for (WorkerRuntime runtime : bench.runtimes()) {
            Measure measure = Measure.higherIsBetter("(7) pgbench", String.format(Locale.ROOT,
                    "add_job one per statement, 1 connection, %,d jobs, %s", jobs, schemaOf(runtime, bench)), "jobs/s");
            for (int run = 1; run <= bench.scale().runs(); run++) {
                try (FreshDatabase database = bench.freshDatabase(runtime, "pgbench")) {
                    double tps = pgbench(bench, database, "add-job.sql", 1, jobs, List.of());
                    if (database.countJobs() != jobs) {
                        throw new HarnessFailure("pgbench added " + database.countJobs() + " jobs, not " + jobs);
                    }
                    results.add(measure, Results.PGBENCH, tps);
                    bench.progress().say("(7) pgbench add_job, %s, run %d: %,.0f jobs/s", schemaOf(runtime, bench),
                            run, tps);
                }
            }
        }
    }

    private static String schemaOf(WorkerRuntime runtime, Bench bench) {
        return runtime == bench.runtimes().get(0) ? "our schema" : "graphile-worker 0.18's schema";
    }

    /** @return the transactions per second pgbench reports */
    private double pgbench(Bench bench, FreshDatabase database, String script, int connections, int transactions,
            List<String> extra) throws Exception {
        PostgresServer server = bench.server();
        List<String> command = new ArrayList<>(List.of(pgbench.toString(), "--no-vacuum", "--protocol=prepared",
                "-h", server.host(), "-p", Integer.toString(server.port()), "-U", server.user(),
                "-f", bench.layout().pgbenchFolder().resolve(script).toString(),
                "-c", Integer.toString(connections), "-j", Integer.toString(connections),
                "-t", Integer.toString(transactions)));
        command.addAll(extra);
        command.add(database.name());
        Path log = bench.logFor("pgbench", script.replace(".sql", ""));
        try (ChildProcess process = ChildProcess.start(new ProcessBuilder(command), log)) {
            process.awaitSuccess(Bench.timeoutFor(transactions * connections));
        }
        Matcher tps = TPS.matcher(Files.readString(log));
        if (!tps.find()) {
            throw new HarnessFailure("pgbench printed no tps; see " + log);
        }
        return Double.parseDouble(tps.group(1));
    }

    /**
     * @param batch jobs each claim takes
     * @param connections pgbench clients, each claiming and deleting in turn
     */
    private record ClaimShape(int batch, int connections) {
    }
}
