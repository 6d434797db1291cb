package dev.graphileworker.postgres.internal.presence;

import dev.graphileworker.postgres.internal.admin.PostgresAdministration;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.postgres.internal.listen.NotificationListener;
import dev.graphileworker.postgres.internal.schema.Migrator;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.postgres.internal.sql.CleanupStatements;
import dev.graphileworker.postgres.internal.sql.JobFunctions;
import dev.graphileworker.postgres.internal.sql.JobRows;
import dev.graphileworker.postgres.internal.sql.PostgresJobStore;
import dev.graphileworker.postgres.internal.sql.PostgresWorkerUtils;
import dev.graphileworker.postgres.internal.sql.QueueDepthQuery;
import dev.graphileworker.postgres.internal.sql.StoredJobs;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import dev.graphileworker.testkit.contract.WorkerSessionsContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The census and the unlocking against a real PostgreSQL: the contract every implementation passes, a
 * session being a connection named like a worker's; and what only a database shows (sessions of other
 * databases, a queue locked on its own, the announcement's payload).
 */
@ExtendWith(PostgresDatabaseExtension.class)
class PostgresWorkerSessionsTest extends WorkerSessionsContract {

    private static final String SCHEMA = SchemaName.quote("graphile_worker");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final TestDatabase database;
    private final DataSource dataSource;
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final PostgresWorkerSessions sessions;
    private final PostgresJobStore store;
    private final PostgresWorkerUtils admin;

    PostgresWorkerSessionsTest(TestDatabase database) {
        this.database = database;
        dataSource = database.dataSource();
        TestMigrator.of(dataSource, "graphile_worker").migrate();
        JobRows jobRows = new JobRows(() -> objectMapper, SCHEMA);
        sessions = new PostgresWorkerSessions(dataSource, SCHEMA);
        store = new PostgresJobStore(dataSource, SCHEMA, jobRows);
        admin = new PostgresWorkerUtils(dataSource, new JobFunctions(() -> objectMapper, SCHEMA, jobRows),
                new CleanupStatements(SCHEMA, CleanupStatements.DEFAULT_LOCK_TIMEOUT),
                new QueueDepthQuery(SCHEMA),
                new PostgresAdministration(dataSource, SCHEMA, jobRows,
                        new PostgresWorkerSessions(dataSource, SCHEMA)), () -> { }, () -> { });
    }

    @Override
    protected Ports createPorts() {
        execute("delete from " + SCHEMA + "._private_jobs; delete from " + SCHEMA + "._private_job_queues");
        return new Ports(sessions, store, admin,
                new NotificationListener(dataSource, () -> objectMapper, Migrator.CURRENT_REVISION, "sessions-listener",
                        Optional.empty(), Clock.systemUTC()),
                () -> StoredJobs.all(dataSource, SCHEMA),
                workerId -> sessionNamed(database, SessionName.of(workerId)));
    }

    @Test
    void censusListsOnlyTheSessionsOfThisDatabaseNamedLikeAWorkers() throws Exception {
        TestDatabase elsewhere = database.createDatabase();
        String alive = WorkerIds.newSessionHolder();
        String inAnotherDatabase = WorkerIds.newSessionHolder();
        try (Connection aliveSession = sessionNamed(database, SessionName.of(alive));
                Connection unrelated = sessionNamed(database, "psql");
                Connection otherDatabase = sessionNamed(elsewhere, SessionName.of(inAnotherDatabase))) {
            // Sessions of earlier tests may linger a moment after closing; only these three matter here.
            assertThat(sessions.workersWithOpenSessions()).contains(alive).doesNotContain(inAnotherDatabase, "psql")
                    .allMatch(WorkerIds::promisesSession);
        }
    }

    @Test
    void aQueueLockedOnItsOwnCountsAsALock() {
        String holdsAQueue = WorkerIds.newSessionHolder();
        admin.addJob("queued", null, AddJobOptions.defaults().withQueueName("serial"));
        execute("update " + SCHEMA + "._private_job_queues set locked_by = '" + holdsAQueue + "', locked_at = now()");

        assertThat(sessions.lockHolders()).containsExactly(holdsAQueue);
    }

    @Test
    void freedJobsAreAnnouncedOnJobsInsertWithTheirCount() throws SQLException {
        String dead = WorkerIds.newSessionHolder();
        admin.addJob("task", null, AddJobOptions.defaults());
        admin.addJob("task", null, AddJobOptions.defaults());
        store.claimJobs(dead, Set.of("task"), Set.of(), 5);

        try (Connection listening = sessionNamed(database, "listener")) {
            listening.createStatement().execute("listen \"jobs:insert\"");

            assertThat(sessions.forceUnlock(dead)).isEqualTo(2);

            PGNotification[] notifications = listening.unwrap(PGConnection.class)
                    .getNotifications((int) DEADLINE.toMillis());
            assertThat(notifications).extracting(PGNotification::getParameter)
                    .singleElement().asString().contains("\"count\":2");
        }
    }

    private static Connection sessionNamed(TestDatabase database, String applicationName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }

    private void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
