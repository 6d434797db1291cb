package dev.graphileworker.postgres.internal.wiring;

import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.spi.WorkerProvider;
import dev.graphileworker.domain.cron.Crontab;
import dev.graphileworker.domain.recovery.DeadWorkerRecovery;
import dev.graphileworker.domain.worker.Worker;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.postgres.internal.schema.HistorySchema;
import dev.graphileworker.postgres.internal.schema.LimitsSchema;
import java.util.Optional;

/**
 * Offers the PostgreSQL adapter to {@code GraphileWorker} through {@code ServiceLoader}. Each call
 * assembles a fresh component, so workers share nothing.
 */
public final class PostgresWorkerProvider implements WorkerProvider {

    /** Needed by {@code ServiceLoader}. */
    public PostgresWorkerProvider() {
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public RunningWorker run(WorkerOptions options) {
        // Parsed before any connection is made, so that a bad line fails at once.
        Crontab crontab = options.crontab().map(text -> Crontab.parse(text, options.cronTimeZone()))
                .orElse(Crontab.empty());
        // Only here is a listening connection held for the worker's whole life, as recovery needs.
        String workerId = options.deadWorkerRecoveryTime().isPresent() ? WorkerIds.newSessionHolder() : WorkerIds.newPlain();
        PostgresWorkerComponent component = DaggerPostgresWorkerComponent.factory().create(options, workerId, crontab);
        migrateOrClose(component, options);
        Worker worker = component.worker().start();
        // Stopping the worker stops these, even ones stopped before they could start.
        component.deadWorkerRecovery().ifPresent(DeadWorkerRecovery::start);
        component.cronScheduler().start();
        return worker;
    }

    @Override
    public RunningWorker startOnce(WorkerOptions options) {
        PostgresWorkerComponent component = assemble(options);
        migrateOrClose(component, options);
        return component.worker().startOnce();
    }

    @Override
    public void runMigrations(WorkerOptions options) {
        PostgresWorkerComponent component = assemble(options);
        try {
            Optional<HistorySchema> history = component.historySchema();
            Optional<LimitsSchema> limits = component.limitsSchema();
            component.migrator().migrate();
            history.ifPresent(HistorySchema::install);
            limits.ifPresent(LimitsSchema::install);
        } finally {
            component.database().close();
        }
    }

    @Override
    public void checkCrontab(String crontabText) {
        Crontab.parse(crontabText);
    }

    @Override
    public WorkerUtils workerUtils(WorkerOptions options) {
        return assemble(options).workerUtils();
    }

    private static PostgresWorkerComponent assemble(WorkerOptions options) {
        // Only run() schedules cron jobs, as in graphile-worker, and keeps a session for recovery.
        return DaggerPostgresWorkerComponent.factory().create(options, WorkerIds.newPlain(), Crontab.empty());
    }

    private static void migrateOrClose(PostgresWorkerComponent component, WorkerOptions options) {
        try {
            // Made first, so that a history schema name that cannot be used fails before anything changes.
            Optional<HistorySchema> history = component.historySchema();
            Optional<LimitsSchema> limits = component.limitsSchema();
            if (options.migrate()) {
                component.migrator().migrate();
            } else {
                component.migrator().check();
            }
            // Ours, not graphile-worker's: created when history is kept, whether or not the queue's schema is migrated.
            history.ifPresent(HistorySchema::install);
            limits.ifPresent(LimitsSchema::install);
        } catch (RuntimeException e) {
            component.database().close();
            throw e;
        }
    }
}
