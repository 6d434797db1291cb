package dev.graphileworker.perf;

import java.time.Duration;

/** (1) How long {@code --once} takes on an empty queue, from start to exit: the start-up and shut-down cost. */
final class StartupStep implements Step {

    private static final Measure START_UP = Measure.lowerIsBetter("(1) start-up",
            "--once on an empty queue, start to exit", "ms");

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        for (int run = 1; run <= bench.scale().runs(); run++) {
            for (WorkerRuntime runtime : bench.runtimes()) {
                try (FreshDatabase database = bench.freshDatabase(runtime, "startup");
                        ChildProcess worker = ChildProcess.start(
                                runtime.command(database, WorkerVariant.DEFAULTS, true),
                                bench.logFor(runtime, "startup"))) {
                    Duration elapsed = worker.awaitSuccess(Duration.ofSeconds(60));
                    results.add(START_UP, runtime.name(), elapsed.toNanos() / 1e6);
                    bench.progress().say("(1) start-up, %s run %d: %d ms", runtime.name(), run, elapsed.toMillis());
                }
            }
        }
    }
}
