package dev.graphileworker.perf;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * (3) Latency from just before {@code add_job} to the start of the task, one job at a time with a
 * running worker. The {@code latency} task reads the monotonic clock first thing and reports the
 * difference with the one the harness read: on Linux, Java's {@code System.nanoTime()} and Node's
 * {@code process.hrtime.bigint()} both read {@code CLOCK_MONOTONIC}, one clock for every process of
 * the machine, which adjustments of the wall clock do not move (Node's wall clock in microseconds,
 * {@code performance.timeOrigin + performance.now()}, is a monotonic clock anchored to the wall
 * clock when Node starts; it disagreed with Java's by 10 to 20 ms during one run on a virtual
 * machine). A warm-up of discarded
 * samples comes first, as in the original's latency test: it also waits out the worker's start.
 */
final class LatencyStep implements Step {

    private static final Duration FIRST_SAMPLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        for (WorkerVariant variant : List.of(WorkerVariant.DEFAULTS, WorkerVariant.FASTEST)) {
            String configuration = variant.describe();
            List<Measure> measures = List.of("min", "median", "p95", "p99", "max").stream()
                    .map(statistic -> Measure.lowerIsBetter("(3) latency",
                            statistic + ", " + configuration, "ms"))
                    .toList();
            for (int run = 1; run <= bench.scale().runs(); run++) {
                for (WorkerRuntime runtime : bench.runtimes()) {
                    List<Double> sorted = samples(bench, runtime, variant).stream().sorted().toList();
                    double[] statistics = {sorted.get(0), Stats.percentile(sorted, 50), Stats.percentile(sorted, 95),
                        Stats.percentile(sorted, 99), sorted.get(sorted.size() - 1)};
                    for (int i = 0; i < statistics.length; i++) {
                        results.add(measures.get(i), runtime.name(), statistics[i]);
                    }
                    bench.progress().say("(3) latency, %s, %s run %d: median %.2f ms, p99 %.2f ms", configuration,
                            runtime.name(), run, statistics[1], statistics[3]);
                }
            }
        }
    }

    /** @return the latencies in milliseconds, warm-up excluded */
    private static List<Double> samples(Bench bench, WorkerRuntime runtime, WorkerVariant variant) throws Exception {
        int warmUp = bench.scale().latencyWarmUp();
        int measured = bench.scale().latencySamples();
        List<Double> latencies = new ArrayList<>();
        try (FreshDatabase database = bench.freshDatabase(runtime, "latency");
                NotificationListener listener = new NotificationListener(database, "perf_latency");
                Connection connection = database.connect();
                PreparedStatement addJob = connection.prepareStatement("select graphile_worker.add_job('latency',"
                        + " json_build_object('sample', ?::int, 'sentAtNanos', ?::bigint))");
                ChildProcess worker = ChildProcess.start(runtime.command(database, variant, false),
                        bench.logFor(runtime, "latency"))) {
            for (int sample = 0; sample < warmUp + measured; sample++) {
                addJob.setInt(1, sample);
                addJob.setLong(2, System.nanoTime());
                addJob.execute();
                String report = listener.next(sample == 0 ? FIRST_SAMPLE_TIMEOUT : SAMPLE_TIMEOUT,
                        "latency sample " + sample + " from " + runtime.name() + "; see " + worker.log()).payload();
                String[] sampleAndMicros = report.split(":");
                if (Integer.parseInt(sampleAndMicros[0]) != sample) {
                    throw new HarnessFailure("latency sample " + sampleAndMicros[0] + " arrived while waiting for "
                            + sample + " from " + runtime.name());
                }
                if (sample >= warmUp) {
                    latencies.add(Long.parseLong(sampleAndMicros[1]) / 1000.0);
                }
            }
            worker.stop(STOP_TIMEOUT);
        }
        return latencies;
    }
}
