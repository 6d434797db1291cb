package dev.graphileworker.perf;

import java.time.Duration;
import java.util.Locale;

/**
 * (5) Backlog scaling: does a deep queue slow the worker down? The same stretch of jobs is timed
 * with nothing behind it and with a long backlog behind it: a {@code mark} job, the timed
 * {@code noop} jobs, a second {@code mark} job, then the backlog, each added in its own transaction
 * so they are claimed in that order. The worker (concurrency 24, batching) runs until stopped; the
 * figure is the jobs between the two marks over the time between their notifications, so start-up
 * is not in it.
 */
final class BacklogStep implements Step {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "backlog";
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        int window = bench.scale().backlogWindow();
        for (int depth : bench.scale().backlogDepths()) {
            Measure measure = Measure.higherIsBetter("(5) backlog", String.format(Locale.ROOT,
                    "%,d jobs timed with %,d waiting, %s", window, depth, WorkerVariant.FASTEST.describe()),
                    "jobs/s");
            for (int run = 1; run <= bench.scale().runsFor(depth); run++) {
                for (WorkerRuntime runtime : bench.runtimes()) {
                    double perSecond = measure(bench, runtime, window, depth);
                    results.add(measure, runtime.name(), perSecond);
                    bench.progress().say("(5) backlog of %,d, %s run %d: %,.0f jobs/s", depth, runtime.name(), run,
                            perSecond);
                }
            }
        }
    }

    private static double measure(Bench bench, WorkerRuntime runtime, int window, int depth) throws Exception {
        try (FreshDatabase database = bench.freshDatabase(runtime, "backlog")) {
            database.addJob("mark", "{\"name\": \"start\"}");
            database.addNoopJobs(window);
            database.addJob("mark", "{\"name\": \"end\"}");
            if (depth > window) {
                database.addNoopJobs(depth - window);
            }
            database.settle();
            try (NotificationListener marks = new NotificationListener(database, "perf_mark");
                    ChildProcess worker = ChildProcess.start(runtime.command(database, WorkerVariant.FASTEST, false),
                            bench.logFor(runtime, "backlog"))) {
                NotificationListener.Notification start = marks.next(START_TIMEOUT,
                        "the start mark from " + runtime.name() + "; see " + worker.log());
                NotificationListener.Notification end = marks.next(Bench.timeoutFor(window),
                        "the end mark from " + runtime.name() + "; see " + worker.log());
                if (!start.payload().equals("start") || !end.payload().equals("end")) {
                    throw new HarnessFailure("marks arrived as " + start.payload() + ", " + end.payload()
                            + " from " + runtime.name());
                }
                worker.stop(STOP_TIMEOUT);
                return window / ((end.receivedNanos() - start.receivedNanos()) / 1e9);
            }
        }
    }
}
