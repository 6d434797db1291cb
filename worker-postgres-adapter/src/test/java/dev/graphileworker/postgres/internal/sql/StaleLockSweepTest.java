package dev.graphileworker.postgres.internal.sql;

import dev.graphileworker.postgres.internal.admin.PostgresAdministration;
import dev.graphileworker.postgres.internal.presence.PostgresWorkerSessions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Locks older than four hours are freed by the sweep, and only those. */
@ExtendWith(PostgresDatabaseExtension.class)
class StaleLockSweepTest {

    private static final String SCHEMA = SchemaName.quote("graphile_worker");

    private final TestDatabase database;
    private final DataSource dataSource;
    private final PostgresJobStore store;
    private final PostgresWorkerUtils admin;

    StaleLockSweepTest(TestDatabase database) {
        this.database = database;
        dataSource = database.dataSource();
        TestMigrator.of(dataSource, "graphile_worker").migrate();
        ObjectMapper objectMapper = new ObjectMapper();
        JobRows jobRows = new JobRows(() -> objectMapper, SCHEMA);
        store = new PostgresJobStore(dataSource, SCHEMA, jobRows);
        admin = new PostgresWorkerUtils(dataSource, new JobFunctions(() -> objectMapper, SCHEMA, jobRows),
                new CleanupStatements(SCHEMA, CleanupStatements.DEFAULT_LOCK_TIMEOUT),
                new QueueDepthQuery(SCHEMA),
                new PostgresAdministration(dataSource, SCHEMA, jobRows,
                        new PostgresWorkerSessions(dataSource, SCHEMA)), () -> { }, () -> { });
    }

    @Test
    void sweepFreesOnlyLocksOlderThanTheTimeoutAndMovesAnOldRunAtUpToNow() throws SQLException {
        long deadWorkersJob = admin.addJob("sweep", null, AddJobOptions.defaults().withQueueName("dead")).id();
        long liveWorkersJob = admin.addJob("sweep", null, AddJobOptions.defaults().withQueueName("live")).id();
        List<JobRow> claimed = store.claimJobs("worker-dead", Set.of("sweep"), Set.of(), 1);
        assertThat(claimed).extracting(JobRow::id).containsExactly(deadWorkersJob);
        store.claimJobs("worker-live", Set.of("sweep"), Set.of(), 1);
        database.execute("update " + SCHEMA + "._private_jobs set locked_at = now() - interval '4 hours 1 second',"
                + " run_at = now() - interval '5 hours' where id = " + deadWorkersJob);
        database.execute("update " + SCHEMA + "._private_job_queues set locked_at = now() - interval '4 hours 1 second'"
                + " where queue_name = 'dead'");

        assertThat(store.releaseStaleLocks()).isEqualTo(1);

        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs where id = " + deadWorkersJob
                + " and locked_by is null and run_at > now() - interval '1 minute' and attempts = 1")).isEqualTo(1);
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs where id = " + liveWorkersJob
                + " and locked_by = 'worker-live'")).isEqualTo(1);
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_job_queues where locked_by is null"))
                .isEqualTo(1);
        assertThat(store.claimJobs("worker-new", Set.of("sweep"), Set.of(), 5))
                .extracting(JobRow::id).containsExactly(deadWorkersJob);
    }
}
