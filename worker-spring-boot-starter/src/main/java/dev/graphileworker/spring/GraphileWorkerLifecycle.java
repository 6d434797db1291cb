package dev.graphileworker.spring;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.WorkerOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the application's worker for as long as the application context runs: it starts once the
 * context's beans are ready and stops before they are destroyed, so the worker never outlives the
 * {@code DataSource}. A worker that cannot start stops the application's start with the cause.
 *
 * <p>Stopping is graceful: the worker claims nothing more, gives back the jobs it claimed ahead, and
 * lets running jobs finish for the shutdown grace period, after which their abort signal is raised. A
 * job still running after twice the grace period (its handler ignored the signal) is recorded as
 * failed, to be retried, and its thread interrupted, so the application's shutdown never hangs on a
 * handler and never leaves a job locked. Spring waits for each lifecycle phase up to
 * {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s by default), which must be longer than
 * twice the grace period.
 *
 * <p>An application without {@link WorkerTask} beans runs no worker: it only adds jobs, for workers
 * elsewhere.
 *
 * @since 0.1.0
 */
public final class GraphileWorkerLifecycle implements SmartLifecycle {

    /**
     * After the web server has started and before its graceful shutdown: the worker starts when the
     * application can serve, and stops first.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger LOG = LoggerFactory.getLogger(GraphileWorkerLifecycle.class);

    private final Supplier<WorkerOptions> options;
    private volatile RunningWorker worker;
    private volatile Duration patience = Duration.ZERO;
    private volatile boolean running;

    /**
     * @param options the worker's options, complete; asked for once, when the worker starts, so that
     *     they can gather beans that did not exist when this lifecycle was made
     */
    public GraphileWorkerLifecycle(Supplier<WorkerOptions> options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public void start() {
        WorkerOptions complete = options.get();
        if (complete.taskList().isEmpty()) {
            LOG.info("No WorkerTask beans: this application adds jobs but runs none");
        } else {
            patience = complete.shutdownGracePeriod().multipliedBy(2);
            worker = GraphileWorker.run(complete);
        }
        running = true;
    }

    @Override
    public void stop() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        stop(() -> stopped.complete(null));
        stopped.join();
    }

    @Override
    public void stop(Runnable callback) {
        RunningWorker current = worker;
        running = false;
        worker = null;
        if (current == null) {
            callback.run();
            return;
        }
        AtomicBoolean calledBack = new AtomicBoolean();
        Runnable once = () -> {
            if (calledBack.compareAndSet(false, true)) {
                callback.run();
            }
        };
        CompletableFuture<Void> stopped = current.stop().toCompletableFuture();
        stopped.whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("The worker did not stop cleanly", error);
            }
            once.run();
        });
        CompletableFuture.delayedExecutor(patience.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!stopped.isDone()) {
                LOG.warn("Jobs of worker {} still run {} after the stop began; failing them, to be retried",
                        current.workerId(), patience);
                current.terminate();
                awaitHandlersAfterTermination(stopped);
                once.run();
            }
        });
    }

    /**
     * Interrupted handlers usually return at once, and their results are then written before the
     * {@code DataSource} closes; one that ignores interruption too is not waited for long.
     */
    private void awaitHandlersAfterTermination(CompletableFuture<Void> stopped) {
        try {
            stopped.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Its jobs are already recorded as failed; what remains is a handler's thread.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** @return the id of the running worker; empty before the start, after the stop, or with no tasks */
    public Optional<String> workerId() {
        return Optional.ofNullable(worker).map(RunningWorker::workerId);
    }
}
