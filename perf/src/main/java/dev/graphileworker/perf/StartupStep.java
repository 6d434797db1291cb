package dev.graphileworker.perf;

import java.time.Duration;

/**
 * (1) How long {@code --once} takes on an empty queue, from start to exit: the start-up and shut-down
 * cost. One untimed run of each runtime comes first, so that both start with warm file caches (our
 * class-data archive is recorded before any step: {@code PerfHarness.recordOurArchive}).
 */
final class StartupStep implements Step {

    private static final Measure START_UP = Measure.lowerIsBetter("(1) start-up",
            "--once on an empty queue, start to exit", "ms");

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        for (WorkerRuntime runtime : bench.runtimes()) {
            startOnce(bench, runtime);
        }
        for (int run = 1; run <= bench.scale().runs(); run++) {
            for (WorkerRuntime runtime : bench.runtimes()) {
                Duration elapsed = startOnce(bench, runtime);
                results.add(START_UP, runtime.name(), elapsed.toNanos() / 1e6);
                bench.progress().say("(1) start-up, %s run %d: %d ms", runtime.name(), run, elapsed.toMillis());
            }
        }
    }

    private static Duration startOnce(Bench bench, WorkerRuntime runtime) throws Exception {
        try (FreshDatabase database = bench.freshDatabase(runtime, "startup");
                ChildProcess worker = ChildProcess.start(runtime.command(database, WorkerVariant.DEFAULTS, true),
                        bench.logFor(runtime, "startup"))) {
            return worker.awaitSuccess(Duration.ofSeconds(60));
        }
    }
}
