package dev.graphileworker.perf;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * (2) Bulk throughput: a queue of trivial jobs added with one {@code add_jobs} call, then a worker
 * with {@code --once} until the queue is empty; jobs over the worker's whole life, start-up included.
 * (6) Memory: the worker's peak resident set size during each of these runs. With the harness's
 * {@code --history}, one more row: the largest queue at its highest concurrency with batching and the
 * history of finished jobs on, for the workers that record it (ours; the original has no such option).
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
                    measure(bench, results, bulk.jobs(), new WorkerVariant(concurrency, batching), bench.runtimes());
                }
            }
        }
        if (bench.history()) {
            Scale.Bulk largest = bench.scale().bulk().get(bench.scale().bulk().size() - 1);
            int concurrency = largest.concurrencies().get(largest.concurrencies().size() - 1);
            measure(bench, results, largest.jobs(), new WorkerVariant(concurrency, true, true),
                    bench.runtimes().stream().filter(WorkerRuntime::recordsHistory).toList());
        }
    }

    private static void measure(Bench bench, Results results, int jobs, WorkerVariant variant,
            List<WorkerRuntime> runtimes) throws Exception {
        String configuration = String.format(Locale.ROOT, "%,d jobs, %s", jobs, variant.describe());
        Measure throughput = Measure.higherIsBetter("(2) throughput", configuration + " (start-up included)",
                "jobs/s");
        Measure memory = Measure.lowerIsBetter("(6) memory", "peak RSS of the worker: " + configuration, "MB");
        for (int run = 1; run <= bench.scale().runsFor(jobs); run++) {
            for (WorkerRuntime runtime : runtimes) {
                try (FreshDatabase database = bench.freshDatabase(runtime, "throughput")) {
                    database.addNoopJobs(jobs);
                    database.settle();
                    try (ChildProcess worker = ChildProcess.start(runtime.command(database, variant, true),
                            bench.logFor(runtime, "throughput"))) {
                        Duration elapsed = worker.awaitSuccess(Bench.timeoutFor(jobs));
                        long jobsLeft = database.countJobs();
                        if (jobsLeft != 0) {
                            throw new HarnessFailure(runtime.name() + " --once exited with " + jobsLeft
                                    + " of " + jobs + " jobs left; see " + worker.log());
                        }
                        if (variant.history() && database.countHistory() != jobs) {
                            throw new HarnessFailure(runtime.name() + " --once with history recorded "
                                    + database.countHistory() + " of " + jobs + " jobs; see " + worker.log());
                        }
                        double perSecond = jobs / (elapsed.toNanos() / 1e9);
                        double megabytes = worker.peakRssBytes() / (1024.0 * 1024.0);
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
