package dev.graphileworker.api.events;

/**
 * What happened, named as graphile-worker names its events, so dashboards and alerts written for
 * the original read the same here.
 *
 * @since 0.1.0
 */
public enum WorkerEventType {
    /** A worker was created and is about to start. */
    WORKER_CREATE("worker:create"),
    /** A worker stopped; the event's error says why when it failed. */
    WORKER_STOP("worker:stop"),
    /**
     * A claim returned (ours, not graphile-worker's): {@code count} jobs claimed in
     * {@code durationMillis}.
     */
    WORKER_CLAIM("worker:claim"),
    /**
     * Job outcomes were written to the database (ours, not graphile-worker's): {@code count} results
     * in one round trip of {@code durationMillis}.
     */
    WORKER_SETTLE("worker:settle"),
    /** A claim found no job the worker could run. */
    WORKER_GET_JOB_EMPTY("worker:getJob:empty"),
    /** A claim failed (the database is unreachable, for example); the worker retries. */
    WORKER_GET_JOB_ERROR("worker:getJob:error"),
    /** The worker cannot go on (an incompatible schema, for example) and stops. */
    WORKER_FATAL_ERROR("worker:fatalError"),
    /** A job's handler is about to run. */
    JOB_START("job:start"),
    /** A job's handler returned normally. */
    JOB_SUCCESS("job:success"),
    /** A job's handler failed and the job will be retried. */
    JOB_ERROR("job:error"),
    /** A job's handler failed on its last attempt: the job failed for good. */
    JOB_FAILED("job:failed"),
    /** A job's run is over, whatever its outcome. */
    JOB_COMPLETE("job:complete"),
    /** The LISTEN connection is being opened. */
    POOL_LISTEN_CONNECTING("pool:listen:connecting"),
    /** The LISTEN connection listens. */
    POOL_LISTEN_SUCCESS("pool:listen:success"),
    /** The LISTEN connection failed; it is opened again after a pause. */
    POOL_LISTEN_ERROR("pool:listen:error"),
    /** A graceful stop began: no more claims; running jobs may finish. */
    POOL_GRACEFUL_SHUTDOWN("pool:gracefulShutdown"),
    /** An immediate stop began: running jobs are failed so that they are retried. */
    POOL_FORCEFUL_SHUTDOWN("pool:forcefulShutdown"),
    /** The cron scheduler is starting: it registers its items and backfills. */
    CRON_STARTING("cron:starting"),
    /** The cron scheduler has started. */
    CRON_STARTED("cron:started"),
    /** Ticks missed while no worker ran are being enqueued, as the items' {@code fill} asks. */
    CRON_BACKFILL("cron:backfill"),
    /** The scheduler woke later than a tick it should have handled (the machine was busy or asleep). */
    CRON_OVERDUE_TIMER("cron:overdueTimer"),
    /** The scheduler woke before its tick (the clock went back); it waits again. */
    CRON_PREMATURE_TIMER("cron:prematureTimer"),
    /** A tick's jobs are about to be enqueued. */
    CRON_SCHEDULE("cron:schedule"),
    /** A tick's jobs were enqueued (by this worker or, for some items, already by another). */
    CRON_SCHEDULED("cron:scheduled"),
    /** The sweep of locks older than the lock timeout begins. */
    RESET_LOCKED_STARTED("resetLocked:started"),
    /** The sweep of stale locks succeeded. */
    RESET_LOCKED_SUCCESS("resetLocked:success"),
    /** The sweep of stale locks failed; it is tried again later. */
    RESET_LOCKED_FAILURE("resetLocked:failure");

    private final String eventName;

    WorkerEventType(String eventName) {
        this.eventName = eventName;
    }

    /** @return graphile-worker's name of the event, such as {@code job:success} */
    public String eventName() {
        return eventName;
    }
}
