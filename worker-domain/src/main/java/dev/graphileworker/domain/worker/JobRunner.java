package dev.graphileworker.domain.worker;

import dev.graphileworker.api.AbortSignal;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.events.WorkerEventType;
import dev.graphileworker.domain.BackoffPolicy;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.port.JobHelpersFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one claimed job's handler and turns whatever happens into an outcome; never throws. A handler
 * with a {@linkplain TaskHandler#timeout() timeout} runs on a thread of its own, so that the runner can
 * give up on it and free its slot while the handler, if it ignores the abort and the interrupt, goes on.
 */
final class JobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final WorkerSettings settings;
    private final JobHelpersFactory helpersFactory;
    private final BackoffPolicy backoffPolicy;
    private final WorkerEvents events;
    private final ExecutorService timedHandlers;

    JobRunner(WorkerSettings settings, JobHelpersFactory helpersFactory, BackoffPolicy backoffPolicy,
            WorkerEvents events) {
        this.settings = settings;
        this.helpersFactory = helpersFactory;
        this.backoffPolicy = backoffPolicy;
        this.events = events;
        // Handlers run on the application's threads when it gives a factory, timed ones too.
        this.timedHandlers = Executors.newCachedThreadPool(settings.jobThreadFactory().orElse(runnable -> {
            Thread thread = new Thread(runnable, "graphile-worker-timed-task");
            // A handler that never returns must not keep the process alive.
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** @return empty when the job succeeded, else the failure to record */
    Optional<JobFailure> run(JobRow job, AbortSignal abortSignal) {
        try (MDC.MDCCloseable w = MDC.putCloseable("workerId", settings.workerId());
                MDC.MDCCloseable t = MDC.putCloseable("taskIdentifier", job.taskIdentifier());
                MDC.MDCCloseable j = MDC.putCloseable("jobId", Long.toString(job.id()));
                MDC.MDCCloseable a = MDC.putCloseable("attempt", Integer.toString(job.attempts()))) {
            long started = System.nanoTime();
            events.emit(WorkerEventType.JOB_START, job, null, Map.of());
            try {
                TaskHandler handler = settings.taskList().handler(job.taskIdentifier())
                        .orElseThrow(() -> new IllegalStateException(
                                "Unsupported task '" + job.taskIdentifier() + "': this worker has no handler for it"));
                if (handler.timeout().isPresent()) {
                    runWithTimeout(handler, handler.timeout().get(), job, abortSignal);
                } else {
                    handler.run(job.payload(), helpersFactory.create(job, settings.workerId(), abortSignal));
                }
                long millis = millisSince(started);
                LOG.debug("Completed task {} ({}) in {} ms", job.id(), job.taskIdentifier(), millis);
                finished(WorkerEventType.JOB_SUCCESS, job, null, millis);
                return Optional.empty();
            } catch (Throwable thrown) {
                return Optional.of(failure(job, thrown, millisSince(started)));
            }
        }
    }

    private JobFailure failure(JobRow job, Throwable thrown, long millis) {
        if (thrown instanceof InterruptedException) {
            // The interrupt was meant for the handler; the pool thread goes on to the next job.
            Thread.interrupted();
        }
        String message = FailureMessage.of(thrown);
        Duration delay = backoffPolicy.delayAfter(job.attempts());
        boolean lastAttempt = job.attempts() >= job.maxAttempts();
        finished(lastAttempt ? WorkerEventType.JOB_FAILED : WorkerEventType.JOB_ERROR, job, thrown, millis);
        if (lastAttempt) {
            LOG.error("Failed task {} ({}, {} ms, attempt {} of {}) permanently with error: {}", job.id(),
                    job.taskIdentifier(), millis, job.attempts(), job.maxAttempts(), message, thrown);
        } else {
            LOG.warn("Failed task {} ({}, {} ms, attempt {} of {}) with error: {}; retry in {} s", job.id(),
                    job.taskIdentifier(), millis, job.attempts(), job.maxAttempts(), message,
                    delay.toMillis() / 1000.0, thrown);
        }
        return new JobFailure(job.id(), message, delay, RetryPayload.after(thrown));
    }

    /** Stops the threads of timed handlers that have returned; those still running are left to end. */
    @Override
    public void close() {
        timedHandlers.shutdown();
    }

    private void runWithTimeout(TaskHandler handler, Duration timeout, JobRow job, AbortSignal workerSignal)
            throws Throwable {
        FlagAbortSignal jobSignal = new FlagAbortSignal();
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        try (AbortSignal.Registration stopping = workerSignal.onAbort(jobSignal::raise)) {
            Future<?> running = timedHandlers.submit(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                try {
                    handler.run(job.payload(), helpersFactory.create(job, settings.workerId(), jobSignal));
                    return null;
                } finally {
                    MDC.clear();
                }
            });
            try {
                running.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw e.getCause();
            } catch (TimeoutException e) {
                jobSignal.raise();
                running.cancel(true);
                throw new TimeoutException("Task timed out after " + timeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                // The runner is being stopped at once: the handler must stop too.
                running.cancel(true);
                throw e;
            }
        }
    }

    /** The outcome's event, then {@code job:complete}, as graphile-worker emits them. */
    private void finished(WorkerEventType outcome, JobRow job, Throwable thrown, long millis) {
        Map<String, Object> details = Map.of("durationMillis", millis);
        events.emit(outcome, job, thrown, details);
        events.emit(WorkerEventType.JOB_COMPLETE, job, thrown, details);
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
