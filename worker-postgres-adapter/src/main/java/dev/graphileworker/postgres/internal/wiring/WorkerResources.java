package dev.graphileworker.postgres.internal.wiring;

import dev.graphileworker.domain.cron.CronScheduler;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.recovery.DeadWorkerRecovery;
import dev.graphileworker.postgres.internal.connection.Database;
import java.util.Optional;

/**
 * What a worker lets go of once it has stopped: its cron scheduler and dead worker recovery first,
 * which still use the pool, then its event dispatcher (which delivers what is pending), then the pool.
 */
final class WorkerResources implements AutoCloseable {

    private final CronScheduler cronScheduler;
    private final Optional<DeadWorkerRecovery> deadWorkerRecovery;
    private final WorkerEvents events;
    private final Database database;

    WorkerResources(CronScheduler cronScheduler, Optional<DeadWorkerRecovery> deadWorkerRecovery, WorkerEvents events,
            Database database) {
        this.cronScheduler = cronScheduler;
        this.deadWorkerRecovery = deadWorkerRecovery;
        this.events = events;
        this.database = database;
    }

    @Override
    public void close() {
        try {
            cronScheduler.stop();
            deadWorkerRecovery.ifPresent(DeadWorkerRecovery::stop);
            events.close();
        } finally {
            database.close();
        }
    }

    @Override
    public String toString() {
        return "the cron scheduler, dead worker recovery, the event dispatcher and " + database;
    }
}
