package dev.graphileworker.domain.event;

import dev.graphileworker.api.Job;
import dev.graphileworker.api.events.WorkerEvent;
import dev.graphileworker.api.events.WorkerEventListener;
import dev.graphileworker.api.events.WorkerEventType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a worker's events to its listeners on a thread of its own, so that the threads claiming and
 * running jobs only ever append to a bounded queue. Without listeners, emitting costs nothing.
 */
public final class WorkerEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerEvents.class);
    private static final long DROP_REPORT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long DRAIN_ON_CLOSE_MILLIS = 5_000;

    private final String workerId;
    private final List<WorkerEventListener> listeners;
    private final Clock clock;
    private final BlockingQueue<WorkerEvent> backlog;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread dispatcher;
    private volatile boolean closed;
    private long lastDropReport = System.nanoTime() - DROP_REPORT_INTERVAL_NANOS;

    /**
     * @param workerId the worker whose events these are
     * @param listeners who receives them; none makes every emit a no-op
     * @param clock stamps each event
     */
    public WorkerEvents(String workerId, List<WorkerEventListener> listeners, Clock clock) {
        this.workerId = workerId;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        if (this.listeners.isEmpty()) {
            this.backlog = null;
            this.dispatcher = null;
        } else {
            this.backlog = new ArrayBlockingQueue<>(WorkerEventListener.BACKLOG_LIMIT);
            this.dispatcher = new Thread(this::dispatch, "graphile-worker-" + workerId + "-events");
            this.dispatcher.setDaemon(true);
            this.dispatcher.start();
        }
    }

    /** @return events that go nowhere, for workers without listeners and for tests */
    public static WorkerEvents none() {
        return new WorkerEvents("none", List.of(), Clock.systemUTC());
    }

    /** Emits an event about the worker itself. */
    public void emit(WorkerEventType type) {
        emit(type, null, null, Map.of());
    }

    /** Emits an event with further facts. */
    public void emit(WorkerEventType type, Map<String, Object> details) {
        emit(type, null, null, details);
    }

    /**
     * Emits an event; returns at once.
     *
     * @param type what happened
     * @param job the job it concerns, or {@code null}
     * @param error what went wrong, or {@code null}
     * @param details further facts
     */
    public void emit(WorkerEventType type, Job job, Throwable error, Map<String, Object> details) {
        if (backlog == null || closed) {
            return;
        }
        WorkerEvent event = new WorkerEvent(type, clock.instant(), workerId, Optional.ofNullable(job),
                Optional.ofNullable(error), details);
        if (!backlog.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** Delivers what is waiting (for a few seconds at most), then stops the dispatcher. */
    @Override
    public void close() {
        if (dispatcher == null || closed) {
            return;
        }
        closed = true;
        dispatcher.interrupt();
        try {
            dispatcher.join(DRAIN_ON_CLOSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch() {
        while (true) {
            WorkerEvent event;
            try {
                event = backlog.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // Closing: deliver what was emitted before, then stop.
                drainRemaining();
                return;
            }
            if (event != null) {
                deliver(event);
            }
            reportDrops();
        }
    }

    private void drainRemaining() {
        WorkerEvent event;
        while ((event = backlog.poll()) != null) {
            deliver(event);
        }
        reportDrops();
    }

    private void deliver(WorkerEvent event) {
        for (WorkerEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Worker {}: an event listener failed on {}", workerId, event.type().eventName(), e);
            }
        }
    }

    private void reportDrops() {
        long now = System.nanoTime();
        if (now - lastDropReport < DROP_REPORT_INTERVAL_NANOS) {
            return;
        }
        long count = dropped.getAndSet(0);
        if (count > 0) {
            LOG.warn("Worker {}: event listeners fell {} events behind; those events were dropped", workerId, count);
            lastDropReport = now;
        }
    }
}
