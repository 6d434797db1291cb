package dev.graphileworker.postgres.internal.wiring;

import dev.graphileworker.domain.cron.CronScheduler;
import dev.graphileworker.domain.recovery.DeadWorkerRecovery;
import dev.graphileworker.postgres.internal.connection.Database;
import java.util.Optional;

/**
 * What a worker lets go of once it has stopped: its cron scheduler and dead worker recovery first,
 * which still use the pool, then the pool.
 */
final class WorkerResources implements AutoCloseable {

    private final CronScheduler cronScheduler;
    private final Optional<DeadWorkerRecovery> deadWorkerRecovery;
    private final Database database;

    WorkerResources(CronScheduler cronScheduler, Optional<DeadWorkerRecovery> deadWorkerRecovery, Database database) {
        this.cronScheduler = cronScheduler;
        this.deadWorkerRecovery = deadWorkerRecovery;
        this.database = database;
    }

    @Override
    public void close() {
        try {
            cronScheduler.stop();
            deadWorkerRecovery.ifPresent(DeadWorkerRecovery::stop);
        } finally {
            database.close();
        }
    }

    @Override
    public String toString() {
        return "the cron scheduler, dead worker recovery and " + database;
    }
}
