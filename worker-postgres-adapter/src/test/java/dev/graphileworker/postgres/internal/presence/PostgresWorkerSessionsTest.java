package dev.graphileworker.postgres.internal.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.postgres.internal.sql.CleanupStatements;
import dev.graphileworker.postgres.internal.sql.JobFunctions;
import dev.graphileworker.postgres.internal.sql.JobRows;
import dev.graphileworker.postgres.internal.sql.PostgresJobStore;
import dev.graphileworker.postgres.internal.sql.PostgresWorkerUtils;
import dev.graphileworker.postgres.internal.sql.QueueDepthQuery;
import dev.graphileworker.testkit.PostgresDatabaseExtension;
import dev.graphileworker.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The census and the unlocking, against a real PostgreSQL. */
@ExtendWith(PostgresDatabaseExtension.class)
class PostgresWorkerSessionsTest {

    private static final String SCHEMA = SchemaName.quote("graphile_worker");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final TestDatabase database;
    private final DataSource dataSource;
    private final PostgresWorkerSessions sessions;
    private final PostgresJobStore store;
    private final PostgresWorkerUtils admin;

    PostgresWorkerSessionsTest(TestDatabase database) {
        this.database = database;
        dataSource = database.dataSource();
        TestMigrator.of(dataSource, "graphile_worker").migrate();
        ObjectMapper objectMapper = new ObjectMapper();
        JobRows jobRows = new JobRows(objectMapper, SCHEMA);
        sessions = new PostgresWorkerSessions(dataSource, SCHEMA);
        store = new PostgresJobStore(dataSource, SCHEMA, jobRows);
        admin = new PostgresWorkerUtils(dataSource, new JobFunctions(objectMapper, SCHEMA, jobRows),
                new CleanupStatements(SCHEMA, CleanupStatements.DEFAULT_LOCK_TIMEOUT),
                new QueueDepthQuery(SCHEMA), () -> { }, () -> { });
    }

    @Test
    void censusListsTheWorkersWhoseSessionsAreOpenInThisDatabaseOnly() throws Exception {
        TestDatabase elsewhere = database.createDatabase();
        try (Connection alive = sessionNamed(database, SessionName.of("worker-alive"));
                Connection unrelated = sessionNamed(database, "psql");
                Connection otherDatabase = sessionNamed(elsewhere, SessionName.of("worker-elsewhere"))) {
            assertThat(sessions.workersWithOpenSessions()).isEqualTo(Set.of("worker-alive"));
        }
        // The server process of a closed session leaves pg_stat_activity a moment after the client hung up.
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!sessions.workersWithOpenSessions().isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(20); // polling with a deadline, not synchronisation
        }
        assertThat(sessions.workersWithOpenSessions()).isEmpty();
    }

    @Test
    void forceUnlockFreesTheWorkersJobsAndQueuesCountsThemAndAnnouncesThem() throws SQLException {
        long queued = admin.addJob("task", null, AddJobOptions.defaults().withQueueName("serial")).id();
        long plain = admin.addJob("task", null, AddJobOptions.defaults()).id();
        long others = admin.addJob("other", null, AddJobOptions.defaults()).id();
        store.claimJobs("worker-dead", Set.of("task"), Set.of(), 5);
        store.claimJobs("worker-alive", Set.of("other"), Set.of(), 5);

        try (Connection listening = sessionNamed(database, "listener")) {
            listening.createStatement().execute("listen \"jobs:insert\"");

            assertThat(sessions.forceUnlock("worker-dead")).isEqualTo(2);

            PGNotification[] notifications = listening.unwrap(PGConnection.class)
                    .getNotifications((int) DEADLINE.toMillis());
            assertThat(notifications).extracting(PGNotification::getParameter)
                    .singleElement().asString().contains("\"count\":2");
        }
        assertThat(count("select count(*) from " + SCHEMA + "._private_jobs where locked_by is null and id in ("
                + queued + ", " + plain + ") and attempts = 1")).isEqualTo(2);
        assertThat(count("select count(*) from " + SCHEMA + "._private_job_queues where locked_by is null"))
                .isEqualTo(1);
        assertThat(count("select count(*) from " + SCHEMA + "._private_jobs where id = " + others
                + " and locked_by = 'worker-alive'")).isEqualTo(1);
        assertThat(sessions.forceUnlock("worker-dead")).isZero();
    }

    @Test
    void lockHoldersAreTheWorkersThatPromiseASessionAndLockAJobOrAQueue() throws SQLException {
        String holdsAJob = WorkerIds.newSessionHolder();
        String holdsAQueue = WorkerIds.newSessionHolder();
        String nodeWorker = WorkerIds.newPlain();
        admin.addJob("plain", null, AddJobOptions.defaults());
        admin.addJob("queued", null, AddJobOptions.defaults().withQueueName("serial"));
        admin.addJob("node", null, AddJobOptions.defaults());
        store.claimJobs(holdsAJob, Set.of("plain"), Set.of(), 5);
        store.claimJobs(nodeWorker, Set.of("node"), Set.of(), 5);
        store.claimJobs(WorkerIds.newSessionHolder(), Set.of("queued"), Set.of(), 5);
        // Queue locks count too: force_unlock_workers frees both.
        execute("update " + SCHEMA + "._private_jobs set locked_by = null, locked_at = null where task_id ="
                + " (select id from " + SCHEMA + "._private_tasks where identifier = 'queued')");
        execute("update " + SCHEMA + "._private_job_queues set locked_by = '" + holdsAQueue + "'");

        assertThat(sessions.lockHolders()).containsExactlyInAnyOrder(holdsAJob, holdsAQueue);
    }

    private static Connection sessionNamed(TestDatabase database, String applicationName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
