package dev.graphileworker.domain.worker;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.BackoffPolicy;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.port.JobAdmin;
import dev.graphileworker.domain.port.JobArrivals;
import dev.graphileworker.domain.port.JobHelpersFactory;
import dev.graphileworker.domain.port.JobStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker loop: wakes on a job-arrival signal, on a freed slot or on the poll timer, claims up to
 * the free slots, runs handlers on {@code concurrency} threads and records each outcome. While it
 * runs, a {@link LockSweeper} frees the jobs of workers presumed dead. Stopping is
 * graceful: claiming stops, running handlers may finish for a grace period and then see the abort
 * signal, their results are written, and claimed jobs that never started are released.
 * {@link #terminate()} instead gives up on running jobs at once.
 *
 * <p>Start it with {@link #start()} (in the background, until stopped) or {@link #runOnce()} (in the
 * calling thread, until no job is runnable and none is running).
 */
public final class Worker implements RunningWorker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final WorkerSettings settings;
    private final JobStore store;
    private final JobAdmin admin;
    private final JobArrivals arrivals;
    private final AutoCloseable resources;
    private final JobRunner runner;
    private final ResultWriter resultWriter;
    private final ExecutorService executor;
    private final ScheduledExecutorService housekeeping;
    private final FlagAbortSignal abortSignal = new FlagAbortSignal();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final OutageLog claimOutage = new OutageLog(LOG, "claim jobs");
    private final LoopState state;
    private final Map<Long, JobRow> runningJobs = new ConcurrentHashMap<>();

    /**
     * @param settings who the worker is and what it runs
     * @param store where jobs are claimed and settled
     * @param admin where {@link #addJob} adds jobs
     * @param arrivals signals of new jobs
     * @param helpersFactory makes each job's helpers
     * @param backoffPolicy delays retries of failed jobs
     * @param resources closed once the worker has stopped (the adapter's pool, for example)
     */
    public Worker(WorkerSettings settings, JobStore store, JobAdmin admin, JobArrivals arrivals,
            JobHelpersFactory helpersFactory, BackoffPolicy backoffPolicy, AutoCloseable resources) {
        this.settings = settings;
        this.store = store;
        this.admin = admin;
        this.arrivals = arrivals;
        this.resources = resources;
        this.runner = new JobRunner(settings, helpersFactory, backoffPolicy);
        this.state = new LoopState(settings.concurrency());
        this.resultWriter = new ResultWriter(settings.workerId(), store, state::isStopRequested);
        this.executor = Executors.newFixedThreadPool(settings.concurrency(), threads("job"));
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(threads("housekeeping"));
    }

    /**
     * Starts claiming and running jobs in the background.
     *
     * @return this worker
     */
    public Worker start() {
        JobArrivals.Subscription subscription = arrivals.subscribe(new ArrivalListener());
        Thread fetcher = threads("fetcher").newThread(() -> {
            try {
                fetchLoop(false);
            } catch (RuntimeException | Error e) {
                LOG.error("Worker {} stopped unexpectedly", settings.workerId(), e);
                requestStop(e);
            } finally {
                shutDown(subscription);
            }
        });
        new LockSweeper(store, housekeeping).start();
        fetcher.start();
        LOG.info("Worker {} started: concurrency {}, poll interval {} ms, tasks {}", settings.workerId(),
                settings.concurrency(), settings.pollInterval().toMillis(), settings.taskList().identifiers());
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
        try {
            fetchLoop(true);
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
        state.requestStop(null);
        abortSignal.raise();
        List<JobFailure> failures = runningJobs.values().stream()
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
        housekeeping.shutdownNow();
        executor.shutdownNow();
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

    private void fetchLoop(boolean once) {
        while (true) {
            int freeSlots = state.awaitFreeSlots(once, settings.pollInterval());
            if (freeSlots == 0) {
                return;
            }
            List<JobRow> claimed = claim(freeSlots, once);
            if (!state.startJobs(freeSlots, claimed.size())) {
                release(claimed);
                return;
            }
            claimed.forEach(job -> executor.execute(() -> runAndRecord(job)));
        }
    }

    private List<JobRow> claim(int limit, boolean once) {
        try {
            List<JobRow> claimed = store.claimJobs(settings.workerId(), settings.taskList().identifiers(),
                    settings.forbiddenFlags(), limit);
            claimOutage.succeeded();
            return claimed;
        } catch (RuntimeException e) {
            if (once) {
                throw e;
            }
            // Nothing is marked as waiting, so the loop sleeps until the next poll or arrival.
            claimOutage.failed(e);
            return List.of();
        }
    }

    private void runAndRecord(JobRow job) {
        runningJobs.put(job.id(), job);
        try {
            resultWriter.write(job, runner.run(job, abortSignal));
        } finally {
            runningJobs.remove(job.id());
            state.jobFinished();
        }
    }

    private void release(List<JobRow> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        try {
            store.releaseJobs(settings.workerId(), claimed.stream().map(JobRow::id).toList());
        } catch (RuntimeException e) {
            LOG.error("Could not release {} unstarted jobs; they stay locked by {} until the lock timeout or "
                    + "force_unlock_workers frees them", claimed.size(), settings.workerId(), e);
        }
    }

    private void requestStop(Throwable cause) {
        state.requestStop(cause);
    }

    private void shutDown(AutoCloseable subscription) {
        housekeeping.shutdownNow();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(settings.shutdownGracePeriod().toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.info("Worker {}: {} running jobs outlived the {} ms grace period; raising their abort signal",
                        settings.workerId(), runningJobs.size(), settings.shutdownGracePeriod().toMillis());
            }
            abortSignal.raise();
            while (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.info("Worker {} is waiting for running jobs to finish", settings.workerId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(subscription);
        closeQuietly(resources);
        Throwable cause = state.failure();
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
            requestStop(new WorkerException(reason));
        }
    }
}
