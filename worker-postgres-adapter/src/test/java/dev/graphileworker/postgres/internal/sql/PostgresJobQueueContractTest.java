package dev.graphileworker.postgres.internal.sql;

import dev.graphileworker.postgres.internal.admin.PostgresAdministration;
import dev.graphileworker.postgres.internal.presence.PostgresWorkerSessions;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.Job;
import dev.graphileworker.postgres.internal.listen.NotificationListener;
import dev.graphileworker.domain.port.CronStore;
import dev.graphileworker.domain.port.JobStore;
import dev.graphileworker.postgres.internal.schema.HistorySchema;
import dev.graphileworker.postgres.internal.schema.Migrator;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.testkit.contract.AdminContract;
import dev.graphileworker.testkit.contract.AdministrationContract;
import dev.graphileworker.testkit.contract.ArrivalsContract;
import dev.graphileworker.testkit.contract.ClaimContract;
import dev.graphileworker.testkit.contract.InsertContract;
import dev.graphileworker.testkit.contract.JobKeyContract;
import dev.graphileworker.testkit.contract.JobQueueContract.JobLookup;
import dev.graphileworker.testkit.contract.JobQueueContract.Ports;
import dev.graphileworker.testkit.contract.SettleContract;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PostgreSQL adapter passes the same port contract as the in-memory queue, area by area, on one
 * database migrated once; each test starts from empty tables.
 */
@ExtendWith(PostgresDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresJobQueueContractTest {

    private static final String SCHEMA = SchemaName.quote("graphile_worker");

    private final TestDatabase database;
    private final DataSource dataSource;
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final JobRows jobRows = new JobRows(() -> objectMapper, SCHEMA);

    PostgresJobQueueContractTest(TestDatabase database) {
        this.database = database;
        this.dataSource = database.dataSource();
        TestMigrator.of(dataSource, "graphile_worker").migrate();
    }

    /** @return the adapter's ports over emptied tables */
    Ports ports() {
        database.execute("truncate " + SCHEMA + "._private_jobs, " + SCHEMA + "._private_job_queues, " + SCHEMA
                + "._private_tasks, " + SCHEMA + "._private_known_crontabs restart identity");
        database.execute("drop schema if exists " + HistorySchema.quotedNameFor("graphile_worker") + " cascade");
        PostgresWorkerUtils admin = new PostgresWorkerUtils(dataSource, new JobFunctions(() -> objectMapper, SCHEMA, jobRows),
                new CleanupStatements(SCHEMA, CleanupStatements.DEFAULT_LOCK_TIMEOUT),
                new QueueDepthQuery(SCHEMA),
                new PostgresAdministration(dataSource, SCHEMA, jobRows,
                        new PostgresWorkerSessions(dataSource, SCHEMA)), () -> { }, () -> { });
        return new Ports(new PostgresJobStore(dataSource, SCHEMA, jobRows), admin,
                new NotificationListener(dataSource, () -> objectMapper, Migrator.CURRENT_REVISION, "contract-listener",
                        Optional.empty(), Clock.systemUTC()),
                new JobLookup() {
                    @Override
                    public List<Job> allJobs() {
                        return StoredJobs.all(dataSource, SCHEMA);
                    }

                    @Override
                    public List<String> queueNames() {
                        return database.texts("select queue_name from " + SCHEMA + "._private_job_queues");
                    }

                    @Override
                    public List<String> taskIdentifiers() {
                        return database.texts("select identifier from " + SCHEMA + "._private_tasks");
                    }
                });
    }

    @Nested
    class Insert extends InsertContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class JobKeys extends JobKeyContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class Claim extends ClaimContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class Settle extends SettleContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class Admin extends AdminContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class Arrivals extends ArrivalsContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class Administration extends AdministrationContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }

        @Override
        protected QueueAdministration createAdministration() {
            return new PostgresAdministration(dataSource, SCHEMA, jobRows, new PostgresWorkerSessions(dataSource, SCHEMA));
        }

        @Override
        protected CronStore createCronStore() {
            return new PostgresCronStore(dataSource, SCHEMA, () -> objectMapper);
        }

        @Override
        protected JobStore keepHistory() {
            HistorySchema history = new HistorySchema(dataSource, "graphile_worker");
            history.install();
            return new PostgresJobStore(dataSource, SCHEMA, jobRows, Optional.of(history.quotedName()));
        }
    }
}
