package dev.graphileworker.postgres.internal.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.domain.cron.CronScheduler;
import dev.graphileworker.domain.cron.Crontab;
import dev.graphileworker.domain.recovery.DeadWorkerRecovery;
import dev.graphileworker.domain.worker.Worker;
import dev.graphileworker.postgres.internal.connection.Database;
import dev.graphileworker.postgres.internal.schema.HistorySchema;
import dev.graphileworker.postgres.internal.schema.LimitsSchema;
import dev.graphileworker.postgres.internal.schema.Migrator;
import dev.graphileworker.postgres.internal.sql.PostgresWorkerUtils;
import java.util.Optional;

/** Assembles a worker, or worker utilities, from the options: one component per worker. */
@WorkerScope
@Component(modules = PostgresModule.class)
interface PostgresWorkerComponent {

    Database database();

    Migrator migrator();

    Optional<HistorySchema> historySchema();

    Optional<LimitsSchema> limitsSchema();

    Worker worker();

    CronScheduler cronScheduler();

    Optional<DeadWorkerRecovery> deadWorkerRecovery();

    PostgresWorkerUtils workerUtils();

    @Component.Factory
    interface Factory {
        PostgresWorkerComponent create(@BindsInstance WorkerOptions options, @BindsInstance @WorkerId String workerId,
                @BindsInstance Crontab crontab);
    }
}
