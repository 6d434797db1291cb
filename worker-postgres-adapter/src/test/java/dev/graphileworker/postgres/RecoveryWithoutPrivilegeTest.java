package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.postgres.internal.presence.SessionName;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dead worker recovery needs no privilege beyond the worker role's own: a role that is not a
 * superuser, nor in {@code pg_read_all_stats}, sees the session names of another role's workers and
 * frees their jobs.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class RecoveryWithoutPrivilegeTest {

    private static final String PASSWORD = "worker-secret";

    /** New for each test: an earlier observer's sessions linger a moment after it stops. */
    private final String observerName = "lp-observer-" + UUID.randomUUID();

    private final TestDatabase database;
    private final TestRoles roles;

    RecoveryWithoutPrivilegeTest(TestDatabase database) {
        this.database = database;
        this.roles = new TestRoles(database);
    }

    @AfterEach
    void dropRoles() throws SQLException {
        roles.close();
    }

    @Test
    void anOrdinaryRoleRecoversTheJobOfADeadWorkerOfAnotherRole() throws Exception {
        WorkerOptions options = ordinaryObserver();
        String deadWorker = WorkerIds.newPlain();
        roles.asAdmin("select recovery_lp.add_job('elsewhere')");
        roles.asAdmin("update recovery_lp._private_jobs set locked_by = '" + deadWorker + "', locked_at = now()");

        try (Connection deadWorkersSession = adminSessionNamed(SessionName.of(deadWorker));
                RunningWorker observer = GraphileWorker.run(options)) {
            // Finished, not merely begun: a census still running might take its snapshot after the close below.
            Poll.until("a finished census by the observer", () -> database.count("select count(*) from pg_stat_activity"
                    + " where datname = current_database() and application_name = '" + observerName + "'"
                    + " and state = 'idle' and query like '%pg_stat_activity%'") > 0);

            deadWorkersSession.close();

            Poll.until("the dead worker's job is unlocked", () -> database.count(
                    "select count(*) from recovery_lp._private_jobs where locked_by is null") == 1);
        }
    }

    @Test
    void anOrdinaryRoleFreesTheJobOfAPredecessorThatPromisedASessionAndHasNone() throws Exception {
        WorkerOptions options = ordinaryObserver();
        String predecessor = WorkerIds.newSessionHolder();
        roles.asAdmin("select recovery_lp.add_job('elsewhere')");
        roles.asAdmin("update recovery_lp._private_jobs set locked_by = '" + predecessor + "', locked_at = now()");

        try (RunningWorker successor = GraphileWorker.run(options)) {
            Poll.until("the predecessor's job is unlocked", () -> database.count(
                    "select count(*) from recovery_lp._private_jobs where locked_by is null") == 1);
        }
    }

    /** Options for a worker whose role owns its schema and nothing more, its schema migrated. */
    private WorkerOptions ordinaryObserver() throws SQLException {
        String worker = roles.create("worker", PASSWORD);
        roles.asAdmin("create schema recovery_lp authorization " + worker);
        WorkerOptions options = WorkerOptions.builder()
                .connectionString(roles.connectionString(worker, PASSWORD) + "?application_name=" + observerName)
                .schema("recovery_lp")
                .taskList(TaskList.builder().task("unused", (payload, helpers) -> { }).build())
                .pollInterval(Duration.ofHours(1))
                .deadWorkerRecoveryTime(Duration.ofSeconds(3))
                .build();
        GraphileWorker.runMigrations(options);
        assertThat(database.text("select rolsuper or pg_has_role('" + worker + "', 'pg_read_all_stats', 'member')"
                + " from pg_roles where rolname = '" + worker + "'")).isEqualTo("f");
        return options;
    }

    private Connection adminSessionNamed(String applicationName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }
}
