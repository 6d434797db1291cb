package dev.graphileworker.perf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * (2) Bulk throughput: a queue of trivial jobs added with one {@code add_jobs} call, then a worker
 * with {@code --once} until the queue is empty; jobs over the worker's whole life, start-up included.
 * One more row has several worker processes ({@link Scale.Crowd}, four, as in the original's perfTest)
 * start at the same moment on one queue, each with a pool of its own: jobs from the first start to the
 * last exit. One more row has the largest queue's fastest variant start on a table PostgreSQL has no
 * statistics of (never analysed), as after a first bulk load. (6) Memory: the worker's peak resident
 * set size during each of these runs (with several processes, the highest of them). With the
 * harness's {@code --history}, one more row: the largest queue at its highest concurrency with
 * batching and the history of finished jobs on, for the workers that record it (ours; the original
 * has no such option).
 */
final class ThroughputStep implements Step {

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        for (Scale.Bulk bulk : bench.scale().bulk()) {
            for (int concurrency : bulk.concurrencies()) {
                for (boolean batching : new boolean[] {false, true}) {
                    measure(bench, results, bulk.jobs(), new WorkerVariant(concurrency, batching), 1,
                            bench.runtimes());
                }
            }
        }
        Scale.Crowd crowd = bench.scale().crowd();
        measure(bench, results, crowd.jobs(), WorkerVariant.FASTEST, crowd.processes(), bench.runtimes());
        Scale.Bulk largest = bench.scale().bulk().get(bench.scale().bulk().size() - 1);
        int highest = largest.concurrencies().get(largest.concurrencies().size() - 1);
        measure(bench, results, largest.jobs(), new WorkerVariant(highest, true), 1, bench.runtimes(), false);
        if (bench.history()) {
            measure(bench, results, largest.jobs(), new WorkerVariant(highest, true, true), 1,
                    bench.runtimes().stream().filter(WorkerRuntime::recordsHistory).toList());
        }
    }

    private static void measure(Bench bench, Results results, int jobs, WorkerVariant variant, int processes,
            List<WorkerRuntime> runtimes) throws Exception {
        measure(bench, results, jobs, variant, processes, runtimes, true);
    }

    /**
     * @param processes worker processes started at once on the one queue, each running {@code variant}
     * @param settled whether the jobs table is vacuumed and analysed once the jobs are added, as for
     *     every row but one: without, the workers start on a table PostgreSQL has no statistics of, as
     *     right after a first bulk load into a new schema (autovacuum, when on, analyses it within a
     *     minute or so, perhaps during the run)
     */
    private static void measure(Bench bench, Results results, int jobs, WorkerVariant variant, int processes,
            List<WorkerRuntime> runtimes, boolean settled) throws Exception {
        String configuration = String.format(Locale.ROOT, "%,d jobs, %s", jobs, variant.describe())
                + (processes == 1 ? "" : ", " + processes + " processes at once")
                + (settled ? "" : ", table never analysed");
        Measure throughput = Measure.higherIsBetter("(2) throughput", configuration + " (start-up included)",
                "jobs/s");
        Measure memory = Measure.lowerIsBetter("(6) memory", (processes == 1 ? "peak RSS of the worker: "
                : "peak RSS of a worker (the highest of the " + processes + "): ") + configuration, "MB");
        for (int run = 1; run <= bench.scale().runsFor(jobs); run++) {
            for (WorkerRuntime runtime : runtimes) {
                try (FreshDatabase database = bench.freshDatabase(runtime, "throughput")) {
                    database.addNoopJobs(jobs);
                    if (settled) {
                        database.settle();
                    }
                    List<ProcessBuilder> commands = new ArrayList<>();
                    List<Path> logs = new ArrayList<>();
                    for (int i = 0; i < processes; i++) {
                        commands.add(runtime.command(database, variant, true));
                        logs.add(bench.logFor(runtime, "throughput"));
                    }
                    try (WorkerProcesses workers = WorkerProcesses.start(commands, logs)) {
                        Duration elapsed = workers.awaitSuccess(Bench.timeoutFor(jobs));
                        long jobsLeft = database.countJobs();
                        if (jobsLeft != 0) {
                            throw new HarnessFailure(runtime.name() + " --once exited with " + jobsLeft
                                    + " of " + jobs + " jobs left; see " + workers.logs());
                        }
                        if (variant.history() && database.countHistory() != jobs) {
                            throw new HarnessFailure(runtime.name() + " --once with history recorded "
                                    + database.countHistory() + " of " + jobs + " jobs; see " + workers.logs());
                        }
                        double perSecond = jobs / (elapsed.toNanos() / 1e9);
                        double megabytes = workers.highestPeakRssBytes() / (1024.0 * 1024.0);
                        results.add(throughput, runtime.name(), perSecond);
                        results.add(memory, runtime.name(), megabytes);
                        bench.progress().say("(2) %s, %s run %d: %,.0f jobs/s, peak RSS %.0f MB", configuration,
                                runtime.name(), run, perSecond, megabytes);
                    }
                }
            }
        }
    }
}
