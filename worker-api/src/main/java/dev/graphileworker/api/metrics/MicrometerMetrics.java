package dev.graphileworker.api.metrics;

import dev.graphileworker.api.Job;
import dev.graphileworker.api.QueueDepth;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.events.WorkerEvent;
import dev.graphileworker.api.events.WorkerEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for a worker, fed by its events; register it as an event listener. Needs
 * {@code io.micrometer:micrometer-core} on the class path (an optional dependency of this module).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code graphile_worker.jobs.started}</td><td>counter</td><td>{@code task}</td></tr>
 *   <tr><td>{@code graphile_worker.jobs.succeeded}</td><td>counter</td><td>{@code task}</td></tr>
 *   <tr><td>{@code graphile_worker.jobs.retried}</td><td>counter: failed, will run again</td><td>{@code task}</td></tr>
 *   <tr><td>{@code graphile_worker.jobs.failed}</td><td>counter: failed for good</td><td>{@code task}</td></tr>
 *   <tr><td>{@code graphile_worker.job.duration}</td><td>timer</td><td>{@code task}, {@code outcome}
 *       ({@code success}, {@code retry}, {@code failed})</td></tr>
 *   <tr><td>{@code graphile_worker.claim}</td><td>timer: claim round trips</td><td></td></tr>
 *   <tr><td>{@code graphile_worker.settle}</td><td>timer: result-writing round trips</td><td></td></tr>
 *   <tr><td>{@code graphile_worker.jobs.queued}</td><td>gauge, with {@link #sampleQueueDepth}</td>
 *       <td>{@code state} ({@code runnable}, {@code scheduled}, {@code locked}, {@code permanently_failed})</td></tr>
 * </table>
 *
 * <pre>{@code
 * MicrometerMetrics metrics = new MicrometerMetrics(registry);
 * metrics.sampleQueueDepth(workerUtils, Duration.ofSeconds(15));
 * RunningWorker worker = GraphileWorker.run(options.toBuilder().eventListener(metrics).build());
 * }</pre>
 *
 * <p>Thread-safe. Events arrive on the worker's event thread, so updating meters never slows jobs.
 *
 * @since 0.1.0
 */
public final class MicrometerMetrics implements WorkerEventListener, AutoCloseable {

    private static final String TASK = "task";

    private final MeterRegistry registry;
    private final AtomicReference<QueueDepth> lastDepth = new AtomicReference<>();
    private ScheduledExecutorService sampler;

    /** @param registry where the meters go */
    public MicrometerMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void onEvent(WorkerEvent event) {
        switch (event.type()) {
            case JOB_START -> counter("graphile_worker.jobs.started", event).increment();
            case JOB_SUCCESS -> jobFinished(event, "graphile_worker.jobs.succeeded", "success");
            case JOB_ERROR -> jobFinished(event, "graphile_worker.jobs.retried", "retry");
            case JOB_FAILED -> jobFinished(event, "graphile_worker.jobs.failed", "failed");
            case WORKER_CLAIM -> roundTrip("graphile_worker.claim", event);
            case WORKER_SETTLE -> roundTrip("graphile_worker.settle", event);
            default -> {
                // Other events carry nothing these meters count.
            }
        }
    }

    /**
     * Samples the queue's depth by state every {@code interval} on a thread of its own, for the
     * {@code graphile_worker.jobs.queued} gauges. Each sample scans the jobs table once, so keep the
     * interval at several seconds. A failed sample keeps the previous values.
     *
     * @param utils where to count; the caller keeps owning it
     * @param interval time between samples, at least one second
     * @return this
     * @throws IllegalStateException when already sampling
     */
    public synchronized MicrometerMetrics sampleQueueDepth(WorkerUtils utils, Duration interval) {
        Objects.requireNonNull(utils, "utils");
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("interval must be at least one second, was " + interval);
        }
        if (sampler != null) {
            throw new IllegalStateException("Already sampling the queue depth");
        }
        gauge("runnable", QueueDepth::runnable);
        gauge("scheduled", QueueDepth::scheduled);
        gauge("locked", QueueDepth::locked);
        gauge("permanently_failed", QueueDepth::permanentlyFailed);
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "graphile-worker-queue-depth");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleWithFixedDelay(() -> sample(utils), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops sampling the queue depth; the meters stay registered. */
    @Override
    public synchronized void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    private void sample(WorkerUtils utils) {
        try {
            lastDepth.set(utils.queueDepth());
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(MicrometerMetrics.class).debug("Could not sample the queue depth", e);
        }
    }

    private void gauge(String state, ToDoubleFunction<QueueDepth> count) {
        Gauge.builder("graphile_worker.jobs.queued", lastDepth,
                        depth -> depth.get() == null ? Double.NaN : count.applyAsDouble(depth.get()))
                .tag("state", state)
                .description("Jobs in the queue by state, sampled")
                .register(registry);
    }

    private void jobFinished(WorkerEvent event, String counterName, String outcome) {
        counter(counterName, event).increment();
        durationOf(event).ifPresent(duration -> Timer.builder("graphile_worker.job.duration")
                .tag(TASK, task(event))
                .tag("outcome", outcome)
                .register(registry)
                .record(duration));
    }

    private void roundTrip(String name, WorkerEvent event) {
        durationOf(event).ifPresent(duration -> registry.timer(name).record(duration));
    }

    private Counter counter(String name, WorkerEvent event) {
        return registry.counter(name, TASK, task(event));
    }

    private static String task(WorkerEvent event) {
        return event.job().map(Job::taskIdentifier).orElse("unknown");
    }

    private static Optional<Duration> durationOf(WorkerEvent event) {
        return event.details().get("durationMillis") instanceof Number millis
                ? Optional.of(Duration.ofMillis(millis.longValue()))
                : Optional.empty();
    }
}
