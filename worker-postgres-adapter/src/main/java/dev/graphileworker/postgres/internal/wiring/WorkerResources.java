package dev.graphileworker.postgres.internal.wiring;

import dev.graphileworker.domain.cron.CronScheduler;
import dev.graphileworker.postgres.internal.connection.Database;

/**
 * What a worker lets go of once it has stopped: its cron scheduler first, which still uses the
 * pool, then the pool.
 */
final class WorkerResources implements AutoCloseable {

    private final CronScheduler cronScheduler;
    private final Database database;

    WorkerResources(CronScheduler cronScheduler, Database database) {
        this.cronScheduler = cronScheduler;
        this.database = database;
    }

    @Override
    public void close() {
        try {
            cronScheduler.stop();
        } finally {
            database.close();
        }
    }

    @Override
    public String toString() {
        return "the cron scheduler and " + database;
    }
}
