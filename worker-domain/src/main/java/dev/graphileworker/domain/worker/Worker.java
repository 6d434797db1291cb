package dev.graphileworker.domain.worker;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.events.WorkerEventType;
import dev.graphileworker.domain.BackoffPolicy;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.port.JobArrivals;
import dev.graphileworker.domain.port.JobHistory;
import dev.graphileworker.domain.port.JobStore;
import dev.graphileworker.domain.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker loop. A {@link JobFetcher} claims jobs, many per statement, into a local queue: for idle
 * runners at once, and ahead of them at the worker's pace; {@code concurrency} runner threads (the
 * settings' job thread factory's, or the worker's own) take them from there and run their handlers,
 * and, in a worker that runs until stopped, an idle runner makes the claim itself when jobs arrive;
 * a {@link CompletionBatcher} records each outcome, in batches unless batching is off. While it runs,
 * a {@link LockSweeper} frees the jobs of workers presumed dead, and, when a history of finished jobs
 * is kept, a {@link HistoryPruner} deletes its expired entries.
 * Stopping is graceful: claiming stops, jobs waiting locally are given back, running handlers may
 * finish for a grace period and then see the abort signal, and every result is written before the
 * resources close. {@link #terminate()} instead gives up on running jobs at once.
 *
 * <p>Start it with {@link #start()} (in the background, until stopped) or {@link #runOnce()} (in the
 * calling thread, until no job is runnable and none is running).
 */
public final class Worker implements RunningWorker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final WorkerSettings settings;
    private final WorkerEvents events;
    private final JobAdmin admin;
    private final JobArrivals arrivals;
    private final AutoCloseable resources;
    private final JobStore store;
    private final Optional<JobHistory> history;
    private final JobRunner runner;
    private final LoopState state;
    private final CompletionBatcher batcher;
    private final JobFetcher fetcher;
    private final ExecutorService runners;
    private final ScheduledExecutorService housekeeping;
    private final AtomicInteger runnersStarted = new AtomicInteger();
    private final FlagAbortSignal abortSignal = new FlagAbortSignal();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /**
     * The one way a worker is assembled, by every adapter: failed jobs are retried after
     * {@link BackoffPolicy#exponential()}, and the local queue and result batches keep time by {@code clock}.
     *
     * @param settings who the worker is and what it runs ({@link WorkerSettings#from})
     * @param ports how the worker reaches its jobs
     * @param clock the time of the local queue and of result batches
     * @param events where the worker reports what happens; {@code resources} should close it
     * @param resources closed once the worker has stopped (the adapter's pool, for example)
     */
    public Worker(WorkerSettings settings, WorkerPorts ports, Clock clock, WorkerEvents events,
            AutoCloseable resources) {
        this.settings = settings;
        this.events = events;
        this.admin = ports.admin();
        this.arrivals = ports.arrivals();
        this.resources = resources;
        this.store = ports.store();
        this.history = ports.history();
        this.runner = new JobRunner(settings, ports.helpersFactory(), BackoffPolicy.exponential(), events);
        this.state = new LoopState(settings.concurrency(), settings.batching(), clock);
        ResultWriter writer = new ResultWriter(settings.workerId(), store, state::isStopRequested, events, clock,
                Sleeper.realTime());
        this.batcher = new CompletionBatcher(writer, state::settled, job -> settings.isLimited(job.taskIdentifier()),
                settings.batching(), clock, threads("results"));
        this.fetcher = new JobFetcher(settings, store, state, events, threads("fetcher"), this::startRunnersFor);
        this.runners = Executors.newFixedThreadPool(settings.concurrency(),
                settings.jobThreadFactory().orElseGet(() -> threads("job")));
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(threads("housekeeping"));
    }

    /**
     * Starts claiming and running jobs in the background.
     *
     * @return this worker
     */
    public Worker start() {
        JobArrivals.Subscription subscription = arrivals.subscribe(new ArrivalListener());
        Thread fetching = threads("fetcher").newThread(() -> {
            try {
                fetcher.run(false);
            } catch (RuntimeException | Error e) {
                stopUnexpectedly(e);
            } finally {
                shutDown(subscription);
            }
        });
        events.emit(WorkerEventType.WORKER_CREATE);
        new LockSweeper(store, housekeeping, events).start();
        history.ifPresent(kept -> new HistoryPruner(kept, housekeeping, Sleeper.realTime()).start());
        batcher.start();
        // All at once: an idle runner claims when jobs arrive, so each must be waiting.
        startRunnersFor(settings.concurrency());
        fetching.start();
        LOG.info("Worker {} started: concurrency {}, poll interval {} ms, tasks {}, {}", settings.workerId(),
                settings.concurrency(), settings.pollInterval().toMillis(), settings.taskList().identifiers(),
                settings.batching());
        if (!settings.taskLimits().isEmpty()) {
            LOG.info("Worker {}: task limits {}", settings.workerId(), settings.taskLimits().values());
        }
        return this;
    }

    /**
     * Runs {@link #runOnce()} in a thread of its own.
     *
     * @return this worker, which stops by itself when the jobs are done
     */
    public Worker startOnce() {
        threads("once").newThread(() -> {
            try {
                runOnce();
            } catch (WorkerException e) {
                // Already recorded as the reason the worker stopped; await() reports it.
            }
        }).start();
        return this;
    }

    /**
     * Runs jobs in the calling thread until none is runnable and none is running, then stops.
     *
     * @throws WorkerException when jobs could not be claimed
     */
    public void runOnce() {
        events.emit(WorkerEventType.WORKER_CREATE);
        try {
            batcher.start();
            // Runners start as the fetcher queues jobs, after it has told the loop's state that this run ends
            // once done, so that only it claims (LoopState.awaitTurn).
            fetcher.run(true);
        } catch (RuntimeException | Error e) {
            requestStop(e);
        } finally {
            shutDown(() -> { });
        }
        awaitUninterruptibly();
    }

    @Override
    public String workerId() {
        return settings.workerId();
    }

    @Override
    public CompletionStage<Void> stop() {
        if (!state.isStopRequested()) {
            events.emit(WorkerEventType.POOL_GRACEFUL_SHUTDOWN);
        }
        requestStop(null);
        return stopped.minimalCompletionStage();
    }

    @Override
    public void await() throws InterruptedException {
        try {
            stopped.get();
        } catch (ExecutionException e) {
            throw asWorkerException(e.getCause());
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        try {
            stopped.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw asWorkerException(e.getCause());
        }
    }

    @Override
    public void terminate() {
        events.emit(WorkerEventType.POOL_FORCEFUL_SHUTDOWN);
        state.requestStop(null);
        abortSignal.raise();
        List<JobFailure> failures = state.runningJobs().stream()
                .map(job -> new JobFailure(job.id(), "Worker " + settings.workerId()
                        + " was terminated while the job ran", Duration.ZERO))
                .toList();
        if (!failures.isEmpty()) {
            LOG.warn("Worker {} terminated: failing {} running jobs so that they are retried",
                    settings.workerId(), failures.size());
            try {
                store.failJobs(settings.workerId(), failures);
            } catch (RuntimeException e) {
                LOG.error("Could not fail the running jobs; they stay locked by {} until the lock timeout or "
                        + "force_unlock_workers frees them", settings.workerId(), e);
            }
        }
        fetcher.releaseQueued();
        batcher.writePendingOnce();
        housekeeping.shutdownNow();
        runners.shutdownNow();
    }

    @Override
    public Job addJob(String identifier, Object payload, AddJobOptions options) {
        return admin.addJob(identifier, payload, options);
    }

    @Override
    public void close() {
        stop();
        awaitUninterruptibly();
    }

    /**
     * Starts a runner for each of {@code queued} jobs, up to the concurrency in all. A run that ends once
     * done starts its runners as claims queue jobs, so that an empty queue starts none (24 threads took
     * 12 ms of such a run's 280) and a full one claims while they start.
     */
    private void startRunnersFor(int queued) {
        int concurrency = settings.concurrency();
        int before = runnersStarted.getAndUpdate(started -> Math.min(concurrency, started + queued));
        try {
            for (int started = before; started < Math.min(concurrency, before + queued); started++) {
                runners.execute(this::runJobs);
            }
        } catch (RejectedExecutionException e) {
            // terminate() shut the runners down while a claim was queueing jobs: shutting down gives them back.
        }
    }

    /**
     * One runner: takes the next job from the local queue, runs it, hands its outcome over; when idle and
     * jobs may be waiting, claims them itself ({@link LoopState#awaitTurn}).
     */
    private void runJobs() {
        for (LoopState.Turn turn = state.awaitTurn(); turn != null; turn = state.awaitTurn()) {
            if (turn.job() == null) {
                try {
                    fetcher.claimForRunner(turn.claimLimit());
                } catch (RuntimeException | Error e) {
                    stopUnexpectedly(e);
                    return;
                }
                continue;
            }
            JobRow job = turn.job();
            // A measurement, not a decision: monotonic time, not the clock.
            long started = System.nanoTime();
            JobFailure failure = runner.run(job, abortSignal).orElse(null);
            JobOutcome outcome = new JobOutcome(job, failure, Duration.ofNanos(System.nanoTime() - started));
            // Handed over first, so that the last runner of a round finds every outcome waiting.
            List<JobOutcome> due = batcher.take(outcome);
            // Finished before its result is written: the next claim for this runner then travels to the
            // database beside this write instead of after it, as the original's worker does.
            boolean othersHeld = state.jobFinished(job, outcome.runTime());
            batcher.write(due);
            if (!othersHeld) {
                batcher.writeWaiting();
            }
        }
    }

    /** A claim failed in a way claims do not retry (claims report and retry database failures). */
    private void stopUnexpectedly(Throwable cause) {
        LOG.error("Worker {} stopped unexpectedly", settings.workerId(), cause);
        events.emit(WorkerEventType.WORKER_FATAL_ERROR, null, cause, Map.of());
        requestStop(cause);
    }

    private void requestStop(Throwable cause) {
        state.requestStop(cause);
    }

    private void shutDown(AutoCloseable subscription) {
        // Also ends the runners of a loop that ended because the jobs are done.
        state.requestStop(null);
        housekeeping.shutdownNow();
        fetcher.releaseQueued();
        runners.shutdown();
        try {
            if (!runners.awaitTermination(settings.shutdownGracePeriod().toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.info("Worker {}: {} running jobs outlived the {} ms grace period; raising their abort signal",
                        settings.workerId(), state.runningJobs().size(), settings.shutdownGracePeriod().toMillis());
            }
            abortSignal.raise();
            while (!runners.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.info("Worker {} is waiting for running jobs to finish", settings.workerId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batcher.close();
        runner.close();
        closeQuietly(subscription);
        Throwable cause = state.failure();
        // Before the resources close: they include the event dispatcher, which delivers what is pending.
        events.emit(WorkerEventType.WORKER_STOP, null, cause, Map.of());
        closeQuietly(resources);
        LOG.info("Worker {} stopped", settings.workerId());
        if (cause == null) {
            stopped.complete(null);
        } else {
            stopped.completeExceptionally(cause);
        }
    }

    private void awaitUninterruptibly() {
        try {
            stopped.join();
        } catch (CompletionException e) {
            throw asWorkerException(e.getCause());
        }
    }

    private static WorkerException asWorkerException(Throwable cause) {
        return cause instanceof WorkerException w ? w : new WorkerException(String.valueOf(cause.getMessage()), cause);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Could not close {}", closeable, e);
        }
    }

    private ThreadFactory threads(String role) {
        AtomicInteger counter = new AtomicInteger();
        String prefix = "graphile-worker-" + settings.workerId() + "-" + role + "-";
        return runnable -> new Thread(runnable, prefix + counter.incrementAndGet());
    }

    /** Turns arrival signals into wake-ups of the loop. */
    private final class ArrivalListener implements JobArrivals.Listener {
        @Override
        public void jobsArrived() {
            state.jobsArrived();
        }

        @Override
        public void schemaIncompatible(String reason) {
            LOG.error("Worker {} stops: {}", settings.workerId(), reason);
            WorkerException failure = new WorkerException(reason);
            events.emit(WorkerEventType.WORKER_FATAL_ERROR, null, failure, Map.of());
            requestStop(failure);
        }

        @Override
        public void connecting() {
            events.emit(WorkerEventType.POOL_LISTEN_CONNECTING);
        }

        @Override
        public void connected() {
            events.emit(WorkerEventType.POOL_LISTEN_SUCCESS);
        }

        @Override
        public void disconnected(Exception cause) {
            events.emit(WorkerEventType.POOL_LISTEN_ERROR, null, cause, Map.of());
        }
    }
}
