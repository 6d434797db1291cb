package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker needs no superuser: a role that owns its schema installs and runs the queue. An
 * application role that may only enqueue does so through a {@code SECURITY DEFINER} wrapper and can
 * neither read nor change any job. The SQL here is the SQL of docs/security.md, "Least privilege".
 */
@ExtendWith(PostgresDatabaseExtension.class)
class LeastPrivilegeTest {

    private static final String WORKER_PASSWORD = "worker-secret";
    private static final String APP_PASSWORD = "app-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** The wrapper of docs/security.md, with the roles' generated names put in for {@code app}. */
    private static final String ENQUEUE_WRAPPER = """
            create schema app_jobs;

            create function app_jobs.enqueue(task_identifier text, payload json default '{}')
            returns bigint
            language plpgsql
            security definer
            set search_path = pg_catalog, pg_temp
            as $$
            begin
              if task_identifier not in ('send-email', 'resize-image') then
                raise exception 'Task % may not be enqueued by this role', task_identifier
                  using errcode = 'insufficient_privilege';
              end if;
              return (graphile_worker.add_job(task_identifier, payload, max_attempts => 10)).id;
            end;
            $$;

            revoke all on function app_jobs.enqueue(text, json) from public;
            grant usage on schema app_jobs to app;
            grant execute on function app_jobs.enqueue(text, json) to app;
            """;

    private final TestDatabase database;
    private final TestRoles roles;

    LeastPrivilegeTest(TestDatabase database) {
        this.database = database;
        this.roles = new TestRoles(database);
    }

    @AfterEach
    void dropRoles() throws SQLException {
        roles.close();
    }

    @Test
    void roleGrantedCreateOnTheDatabaseInstallsAndRunsTheQueueAsItsOwner() throws Exception {
        String worker = roles.create("worker", WORKER_PASSWORD);
        roles.asAdmin("grant create on database " + database.databaseName() + " to " + worker);

        assertInstallsAndRunsAs(worker, "lp_granted_create");
        assertThat(database.text("select nspowner::regrole::text from pg_namespace where nspname = 'lp_granted_create'"))
                .isEqualTo(worker);
    }

    @Test
    void roleThatOwnsASchemaMadeForItNeedsNoPrivilegeOnTheDatabase() throws Exception {
        String worker = roles.create("worker", WORKER_PASSWORD);
        roles.asAdmin("create schema lp_owned authorization " + worker);

        assertInstallsAndRunsAs(worker, "lp_owned");
        assertThat(database.text("select has_database_privilege('" + worker + "', current_database(), 'CREATE')"))
                .isEqualTo("f");
    }

    @Test
    void enqueueOnlyRoleAddsJobsThroughTheWrapperAndCannotReadOrChangeAnyJob() throws Exception {
        String worker = roles.create("worker", WORKER_PASSWORD);
        String app = roles.create("app", APP_PASSWORD);
        roles.asAdmin("grant create on database " + database.databaseName() + " to " + worker);
        GraphileWorker.runMigrations(workerOptions(worker, "graphile_worker", TaskList.empty()));
        try (Connection asWorker = roles.connect(worker, WORKER_PASSWORD);
                Statement statement = asWorker.createStatement()) {
            statement.execute(ENQUEUE_WRAPPER.replace(" to app;", " to " + app + ";"));
            statement.execute("select graphile_worker.add_job('send-email', job_key => 'someone-elses')");
        }
        long othersJob = Long.parseLong(database.text("select id from graphile_worker._private_jobs"));
        QueueSnapshot before = QueueSnapshot.of(database.dataSource(), "graphile_worker");

        List<Long> enqueued = new ArrayList<>();
        try (Connection asApp = roles.connect(app, APP_PASSWORD)) {
            enqueued.add(enqueue(asApp, "send-email"));
            enqueued.add(enqueue(asApp, "send-email"));
            assertThat(sqlState(asApp, "select app_jobs.enqueue('drop-everything', '{}')")).isEqualTo("42501");

            assertEveryStatementIsDenied(asApp, othersJob);
            roles.asAdmin("grant usage on schema graphile_worker to " + app);
            // Even allowed into the schema, the role calls the functions with its own rights, and it
            // has none on the tables.
            assertEveryStatementIsDenied(asApp, othersJob);
        }

        QueueSnapshot after = QueueSnapshot.of(database.dataSource(), "graphile_worker");
        assertThat(after.jobsExcept(enqueued)).isEqualTo(before.jobs());
        assertThat(database.text("select count(*) from graphile_worker.jobs where task_identifier = 'send-email'"
                + " and max_attempts = 10 and key is null")).isEqualTo("2");
    }

    /** Migrates, enqueues and runs jobs (runOnce, then run woken by NOTIFY), all as {@code worker}. */
    private void assertInstallsAndRunsAs(String worker, String schema) throws Exception {
        BlockingQueue<Map<String, Object>> identities = new LinkedBlockingQueue<>();
        TaskList tasks = TaskList.builder().task("whoami", (payload, helpers) -> identities.add(helpers.query(
                "select current_user::text as role, rolsuper from pg_roles where rolname = current_user").get(0)))
                .build();
        WorkerOptions options = workerOptions(worker, schema, tasks);
        Map<String, Object> asWorkerWithoutSuperuser = Map.of("role", worker, "rolsuper", false);

        GraphileWorker.runMigrations(options);
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.addJob("whoami", null, AddJobOptions.defaults().withQueueName("serial"));
        }
        GraphileWorker.runOnce(options);
        assertThat(identities.poll()).as("runOnce").isEqualTo(asWorkerWithoutSuperuser);

        try (RunningWorker running = GraphileWorker.run(options);
                Connection asWorker = roles.connect(worker, WORKER_PASSWORD);
                Statement statement = asWorker.createStatement()) {
            statement.execute("select \"" + schema + "\".add_job('whoami')");
            assertThat(identities.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("run")
                    .isEqualTo(asWorkerWithoutSuperuser);
        }
        assertThat(database.text("select count(*) from \"" + schema + "\"._private_jobs")).isEqualTo("0");
    }

    private void assertEveryStatementIsDenied(Connection asApp, long othersJob) throws SQLException {
        String ids = "array[" + othersJob + "]::bigint[]";
        for (String sql : List.of(
                "select * from graphile_worker._private_jobs",
                "select * from graphile_worker.jobs",
                "select * from graphile_worker._private_tasks",
                "select * from graphile_worker.migrations",
                "update graphile_worker._private_jobs set run_at = now()",
                "delete from graphile_worker._private_jobs",
                "insert into graphile_worker._private_jobs (task_id) values (1)",
                "truncate graphile_worker._private_jobs",
                "select graphile_worker.add_job('send-email', job_key => 'someone-elses')",
                "select graphile_worker.remove_job('someone-elses')",
                "select graphile_worker.complete_jobs(" + ids + ")",
                "select graphile_worker.permanently_fail_jobs(" + ids + ", 'x')",
                "select graphile_worker.reschedule_jobs(" + ids + ", run_at => now())",
                "select graphile_worker.force_unlock_workers(array['w'])")) {
            assertThat(sqlState(asApp, sql)).as(sql).isEqualTo("42501");
        }
    }

    private static long enqueue(Connection asApp, String task) throws SQLException {
        try (PreparedStatement statement = asApp.prepareStatement("select app_jobs.enqueue(?, ?::json)")) {
            statement.setString(1, task);
            statement.setString(2, "{\"to\": \"ada@example.com\"}");
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** @return the SQLSTATE the statement failed with, or null when it succeeded */
    private static String sqlState(Connection connection, String sql) {
        Throwable error = catchThrowable(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        });
        return error instanceof SQLException e ? e.getSQLState() : null;
    }

    private WorkerOptions workerOptions(String worker, String schema, TaskList tasks) {
        return WorkerOptions.builder().connectionString(roles.connectionString(worker, WORKER_PASSWORD))
                .schema(schema).taskList(tasks).pollInterval(Duration.ofHours(1)).build();
    }
}
