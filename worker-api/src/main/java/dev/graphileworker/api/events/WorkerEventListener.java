package dev.graphileworker.api.events;

/**
 * Receives a worker's events: jobs starting and finishing, claims, the LISTEN connection, cron
 * ticks, lock sweeps and shutdown. Register it with
 * {@link dev.graphileworker.api.WorkerOptions.Builder#eventListener(WorkerEventListener)}.
 *
 * <p>Threading: events are delivered in order, one at a time, on a thread of the worker's own, never
 * on the threads that claim and run jobs, so a listener cannot slow the worker. When a listener falls
 * far behind (more than {@value #BACKLOG_LIMIT} events waiting), further events are dropped and the
 * worker logs how many. A listener that throws is logged and keeps receiving events.
 *
 * <pre>{@code
 * WorkerOptions.builder()
 *     .eventListener(event -> {
 *         if (event.type() == WorkerEventType.JOB_FAILED) {
 *             alerts.send("Job " + event.job().orElseThrow().id() + " failed for good");
 *         }
 *     })
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WorkerEventListener {

    /** How many events may wait for the listeners before new ones are dropped. */
    int BACKLOG_LIMIT = 10_000;

    /**
     * Handles one event.
     *
     * @param event what happened
     */
    void onEvent(WorkerEvent event);
}
