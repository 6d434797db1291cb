package dev.graphileworker.cli.internal.run;

import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the person waiting on {@code --once} over a large backlog how far it got: jobs done, the
 * rate since the last line and jobs left, at most once a second and only when something changed.
 */
public final class ProgressReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    private static final long PERIOD_MILLIS = 1000;

    private final LongSupplier jobsDone;
    private final Supplier<OptionalLong> jobsLeft;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "graphile-worker-progress");
        thread.setDaemon(true);
        return thread;
    });
    private long lastDone;
    private long lastNanos = System.nanoTime();

    /**
     * @param jobsDone how many jobs have finished so far
     * @param jobsLeft how many runnable jobs wait, when that can be counted
     */
    public ProgressReporter(LongSupplier jobsDone, Supplier<OptionalLong> jobsLeft) {
        this.jobsDone = jobsDone;
        this.jobsLeft = jobsLeft;
    }

    /** @return this reporter, reporting every second until closed */
    public ProgressReporter start() {
        timer.scheduleAtFixedRate(this::report, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void report() {
        if (!LOG.isInfoEnabled()) {
            // Counting the jobs left scans the jobs table: not for a line nobody sees.
            return;
        }
        long done = jobsDone.getAsLong();
        long now = System.nanoTime();
        if (done == lastDone) {
            return;
        }
        double rate = (done - lastDone) * 1e9 / Math.max(1, now - lastNanos);
        lastDone = done;
        lastNanos = now;
        OptionalLong left = jobsLeft.get();
        LOG.info("Progress: {} jobs done ({} jobs/s){}", done, Math.round(rate),
                left.isPresent() ? ", " + left.getAsLong() + " left" : "");
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
