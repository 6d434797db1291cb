package dev.graphileworker.postgres.internal.wiring;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dagger.Binds;
import dagger.Lazy;
import dagger.Module;
import dagger.Provides;
import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.domain.cron.CronScheduler;
import dev.graphileworker.domain.cron.Crontab;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.port.CronStore;
import dev.graphileworker.domain.port.JobArrivals;
import dev.graphileworker.domain.port.JobHelpersFactory;
import dev.graphileworker.domain.port.JobHistory;
import dev.graphileworker.domain.port.JobStore;
import dev.graphileworker.domain.port.WorkerSessions;
import dev.graphileworker.domain.recovery.DeadWorkerDetector;
import dev.graphileworker.domain.recovery.DeadWorkerRecovery;
import dev.graphileworker.domain.time.Sleeper;
import dev.graphileworker.domain.worker.Worker;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.domain.worker.WorkerPorts;
import dev.graphileworker.domain.worker.WorkerSettings;
import dev.graphileworker.postgres.internal.admin.PostgresAdministration;
import dev.graphileworker.postgres.internal.connection.Database;
import dev.graphileworker.postgres.internal.listen.NotificationListener;
import dev.graphileworker.postgres.internal.presence.PostgresWorkerSessions;
import dev.graphileworker.postgres.internal.presence.SessionName;
import dev.graphileworker.postgres.internal.schema.HistorySchema;
import dev.graphileworker.postgres.internal.schema.LimitsSchema;
import dev.graphileworker.postgres.internal.schema.Migrator;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.sql.CleanupStatements;
import dev.graphileworker.postgres.internal.sql.JobFunctions;
import dev.graphileworker.postgres.internal.sql.JobRows;
import dev.graphileworker.postgres.internal.sql.PostgresCronStore;
import dev.graphileworker.postgres.internal.sql.PostgresHistory;
import dev.graphileworker.postgres.internal.sql.PostgresJobHelpers;
import dev.graphileworker.postgres.internal.sql.PostgresJobStore;
import dev.graphileworker.postgres.internal.sql.PostgresWorkerUtils;
import dev.graphileworker.postgres.internal.sql.QueueDepthQuery;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Binds the domain's ports to their PostgreSQL implementations. */
@Module
interface PostgresModule {

    @Binds
    JobAdmin jobAdmin(PostgresWorkerUtils utils);

    @Provides
    @WorkerScope
    static Database database(WorkerOptions options, @WorkerId String workerId) {
        return Database.open(options, "graphile-worker-pool-" + workerId);
    }

    @Provides
    static DataSource dataSource(Database database) {
        return database.dataSource();
    }

    @Provides
    @QuotedSchema
    static String quotedSchema(WorkerOptions options) {
        return SchemaName.quote(options.schema());
    }

    @Provides
    @WorkerScope
    static ObjectMapper objectMapper() {
        // Every payload read here passed PostgreSQL's json check, which bounds it. Jackson's own,
        // lower limits (nesting depth, lengths of numbers, names and strings) would make a payload that
        // PostgreSQL accepted unreadable, and failing to read it would fail the whole claim.
        StreamReadConstraints asPostgresAllows = StreamReadConstraints.builder()
                .maxNestingDepth(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE)
                .maxNameLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE).build();
        JsonFactory json = JsonFactory.builder().streamReadConstraints(asPostgresAllows).build();
        // Payloads may hold java.time values; write them as ISO text, as JavaScript clients expect.
        return new ObjectMapper(json).findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /**
     * The library's mapper, made when first asked for: a run that reads and writes no JSON (--once on
     * an empty queue) never pays for it (about 20 ms of a start-up, most of it loading Jackson).
     */
    @Provides
    @WorkerScope
    static Supplier<ObjectMapper> objectMapperOnFirstUse(Lazy<ObjectMapper> objectMapper) {
        return objectMapper::get;
    }

    /** Binds the application's payloads: its own mapper, or the library's. */
    @Provides
    @WorkerScope
    static PayloadMapper payloadMapper(WorkerOptions options, Supplier<ObjectMapper> objectMapper) {
        return options.payloadMapper().orElseGet(() -> new JacksonOnFirstUse(objectMapper));
    }

    @Provides
    @WorkerScope
    static JobRows jobRows(Supplier<ObjectMapper> objectMapper, @QuotedSchema String schema) {
        return new JobRows(objectMapper, schema);
    }

    @Provides
    @WorkerScope
    static JobStore jobStore(DataSource dataSource, @QuotedSchema String schema, JobRows jobRows,
            Optional<HistorySchema> historySchema, Optional<LimitsSchema> limitsSchema, WorkerOptions options) {
        return new PostgresJobStore(dataSource, schema, jobRows, historySchema.map(HistorySchema::quotedName),
                limitsSchema.map(LimitsSchema::quotedName), options.durableClaims());
    }

    /** The limits schema, when a task has a rate limit; its name is checked here, before any connection. */
    @Provides
    @WorkerScope
    static Optional<LimitsSchema> limitsSchema(WorkerOptions options, DataSource dataSource) {
        boolean anyRate = options.taskLimits().values().stream().anyMatch(limit -> limit.maxStarts().isPresent());
        return anyRate ? Optional.of(new LimitsSchema(dataSource, options.schema())) : Optional.empty();
    }

    /** The history schema, when finished jobs are recorded; its name is checked here, before any connection. */
    @Provides
    @WorkerScope
    static Optional<HistorySchema> historySchema(WorkerOptions options, DataSource dataSource) {
        return options.keepHistory().map(retention -> new HistorySchema(dataSource, options.schema()));
    }

    @Provides
    @WorkerScope
    static Optional<JobHistory> jobHistory(WorkerOptions options, DataSource dataSource) {
        return options.keepHistory().map(retention ->
                new PostgresHistory(dataSource, options.schema()).withRetention(retention));
    }

    @Provides
    @WorkerScope
    static Migrator migrator(DataSource dataSource, WorkerOptions options, Clock clock) {
        return new Migrator(dataSource, options.schema(), clock, Sleeper.realTime());
    }

    @Provides
    @WorkerScope
    static PostgresWorkerUtils workerUtils(Database database, Supplier<ObjectMapper> objectMapper,
            WorkerOptions options, @QuotedSchema String schema, JobRows jobRows, Migrator migrator,
            WorkerSessions sessions, CronStore cronStore, Clock clock) {
        return new PostgresWorkerUtils(database.dataSource(),
                new JobFunctions(objectMapper, options.payloadMapper(),
                        options.enqueueInterceptor().orElse((task, requested) -> requested), schema, jobRows),
                new CleanupStatements(schema, CleanupStatements.DEFAULT_LOCK_TIMEOUT),
                new QueueDepthQuery(schema),
                new PostgresAdministration(database.dataSource(), schema, jobRows, sessions, cronStore, clock),
                migrator::migrate, database);
    }

    /**
     * The listening connection, held as long as the worker runs, shows that it is alive when its id
     * promises so. It comes from the listen data source when the application gave one, else from
     * beside the application's HikariCP pool (see {@link Database#listenDataSource}).
     */
    @Provides
    static JobArrivals jobArrivals(Database database, WorkerOptions options, Supplier<ObjectMapper> objectMapper,
            @WorkerId String workerId, Clock clock) {
        return new NotificationListener(database.listenDataSource(options), objectMapper,
                Migrator.CURRENT_REVISION, "graphile-worker-" + workerId + "-listener",
                Optional.of(workerId).filter(WorkerIds::promisesSession).map(SessionName::of), clock);
    }

    @Provides
    @WorkerScope
    static WorkerSessions workerSessions(DataSource dataSource, @QuotedSchema String schema) {
        return new PostgresWorkerSessions(dataSource, schema);
    }

    @Provides
    @WorkerScope
    static Optional<DeadWorkerRecovery> deadWorkerRecovery(WorkerOptions options, @WorkerId String workerId,
            WorkerSessions sessions, Clock clock) {
        // A worker that shows no session of its own would never trust a census.
        return options.deadWorkerRecoveryTime().filter(on -> WorkerIds.promisesSession(workerId))
                .map(recoveryTime -> new DeadWorkerRecovery(
                new DeadWorkerDetector(workerId, recoveryTime, clock), sessions,
                "graphile-worker-" + workerId + "-recovery"));
    }

    @Provides
    static JobHelpersFactory jobHelpersFactory(JobAdmin admin, PayloadMapper payloadMapper, DataSource dataSource) {
        return (job, workerId, abortSignal) ->
                new PostgresJobHelpers(job, workerId, abortSignal, admin, payloadMapper, dataSource);
    }

    /** The one clock of a worker and everything around it. */
    @Provides
    static Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    @WorkerScope
    static CronStore cronStore(DataSource dataSource, @QuotedSchema String schema,
            Supplier<ObjectMapper> objectMapper) {
        return new PostgresCronStore(dataSource, schema, objectMapper);
    }

    @Provides
    @WorkerScope
    static CronScheduler cronScheduler(Crontab crontab, CronStore store, @WorkerId String workerId,
            WorkerEvents events, Clock clock) {
        return new CronScheduler(crontab, store, clock, Sleeper.realTime(),
                "graphile-worker-" + workerId + "-cron", events);
    }

    @Provides
    @WorkerScope
    static WorkerEvents events(WorkerOptions options, @WorkerId String workerId, Clock clock) {
        return new WorkerEvents(workerId, options.eventListeners(), clock);
    }

    @Provides
    @WorkerScope
    static Worker worker(WorkerOptions options, @WorkerId String workerId, JobStore store, JobAdmin admin,
            JobArrivals arrivals, JobHelpersFactory helpersFactory, Database database, CronScheduler cronScheduler,
            Optional<DeadWorkerRecovery> deadWorkerRecovery, WorkerEvents events, Clock clock,
            Optional<JobHistory> history) {
        return new Worker(WorkerSettings.from(options, workerId),
                new WorkerPorts(store, admin, arrivals, helpersFactory, history),
                clock, events, new WorkerResources(cronScheduler, deadWorkerRecovery, events, database));
    }
}
