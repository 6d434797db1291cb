package dev.graphileworker.postgres.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.domain.time.Sleeper;
import dev.graphileworker.testkit.MutableClock;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The migrator against a real PostgreSQL. Every test works in a schema of its own, so the tests of
 * this class share one database without seeing each other.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class MigratorTest {

    private static final List<String> TABLES =
            List.of("migrations", "_private_jobs", "_private_job_queues", "_private_tasks", "_private_known_crontabs");
    private static final List<String> FUNCTIONS = List.of(
            "add_job", "add_jobs", "remove_job", "complete_jobs", "permanently_fail_jobs",
            "reschedule_jobs", "force_unlock_workers");

    @Test
    void freshInstallRecordsLedgerRows1To20WithGraphileWorkersBreakingFlags(TestDatabase db) throws Exception {
        TestMigrator.of(db.dataSource(), "fresh_install").migrate();

        Map<Integer, Boolean> ledger = ledger(db.dataSource(), "fresh_install");
        assertThat(ledger.keySet()).containsExactlyElementsOf(range(1, 20));
        assertThat(ledger.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey))
                .containsExactly(1, 3, 11, 13, 14, 16, 19);
    }

    @Test
    void freshInstallCreatesTablesViewTypeAndFunctions(TestDatabase db) throws Exception {
        TestMigrator.of(db.dataSource(), "fresh_objects").migrate();

        try (Connection c = db.dataSource().getConnection()) {
            assertThat(strings(c, "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                            + " where n.nspname = 'fresh_objects' and c.relkind = 'r' order by 1"))
                    .containsExactlyInAnyOrderElementsOf(TABLES);
            assertThat(strings(c, "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                            + " where n.nspname = 'fresh_objects' and c.relkind = 'r' and c.relrowsecurity order by 1"))
                    .containsExactlyInAnyOrder(
                            "_private_jobs", "_private_job_queues", "_private_tasks", "_private_known_crontabs");
            assertThat(strings(c, "select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                            + " where n.nspname = 'fresh_objects' order by 1"))
                    .containsExactlyInAnyOrderElementsOf(FUNCTIONS);
            assertThat(strings(c, "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                            + " where n.nspname = 'fresh_objects' and c.relkind = 'S' order by 1"))
                    .containsExactly("job_queues_id_seq", "jobs_id_seq1", "tasks_id_seq");
            assertThat(strings(c, "select attname from pg_attribute"
                            + " where attrelid = 'fresh_objects.jobs'::regclass and attnum > 0 order by attnum"))
                    .containsExactly("id", "queue_name", "task_identifier", "priority", "run_at", "attempts",
                            "max_attempts", "last_error", "created_at", "updated_at", "key", "locked_at",
                            "locked_by", "revision", "flags");
            assertThat(strings(c, "select to_regtype('fresh_objects.job_spec')::text"))
                    .containsExactly("fresh_objects.job_spec");
        }
    }

    @Test
    void freshInstallAnnouncesRevision20AsNonBreaking(TestDatabase db) throws Exception {
        try (Connection listener = db.dataSource().getConnection()) {
            try (Statement s = listener.createStatement()) {
                s.execute("listen \"worker:migrate\"");
            }

            TestMigrator.of(db.dataSource(), "fresh_notify").migrate();

            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(notifications).isNotNull().hasSize(1);
            assertThat(notifications[0].getName()).isEqualTo("worker:migrate");
            assertThat(notifications[0].getParameter()).isEqualTo("{\"migrationNumber\":20,\"breaking\":false}");
        }
    }

    @Test
    void migratingTwiceChangesNothing(TestDatabase db) throws Exception {
        Migrator migrator = TestMigrator.of(db.dataSource(), "twice");
        migrator.migrate();
        Map<Integer, Boolean> before = ledger(db.dataSource(), "twice");
        String definitionsBefore = definitions(db.dataSource(), "twice");

        migrator.migrate();
        TestMigrator.of(db.dataSource(), "twice").migrate();

        assertThat(ledger(db.dataSource(), "twice")).isEqualTo(before);
        assertThat(definitions(db.dataSource(), "twice")).isEqualTo(definitionsBefore);
    }

    @Test
    void fourWorkersStartingTogetherOnAnEmptyDatabaseEndWithOneInstall(TestDatabase db) throws Exception {
        TestDatabase empty = db.createDatabase();
        int workers = 4;
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                results.add(pool.submit(() -> {
                    Migrator migrator = TestMigrator.of(empty.dataSource(), WorkerOptions.DEFAULT_SCHEMA);
                    ready.countDown();
                    go.await();
                    migrator.migrate();
                    return null;
                }));
            }
            assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS); // rethrows any worker's failure
            }
        } finally {
            pool.shutdownNow();
        }

        Map<Integer, Boolean> ledger = ledger(empty.dataSource(), WorkerOptions.DEFAULT_SCHEMA);
        assertThat(ledger.keySet()).containsExactlyElementsOf(range(1, 20));
        try (Connection c = empty.dataSource().getConnection()) {
            assertThat(strings(c, "select count(*)::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                            + " where n.nspname = 'graphile_worker'"))
                    .containsExactly(String.valueOf(FUNCTIONS.size()));
            assertThat(strings(c, "select (graphile_worker.add_job('after_race')).id::text")).containsExactly("1");
        }
    }

    @Test
    void schemaNameWithQuoteSpaceAndCapitalsWorks(TestDatabase db) throws Exception {
        String schema = "My \"Odd\" Jobs";
        String quoted = SchemaName.quote(schema);
        assertThat(quoted).isEqualTo("\"My \"\"Odd\"\" Jobs\"");

        TestMigrator.of(db.dataSource(), schema).migrate();
        TestMigrator.of(db.dataSource(), schema).migrate();

        assertThat(ledger(db.dataSource(), schema).keySet()).containsExactlyElementsOf(range(1, 20));
        try (Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement add = c.prepareStatement(
                    "select id, key from " + quoted + ".add_job('odd_task', '{\"a\":1}', queue_name => 'q',"
                            + " job_key => 'odd-key')")) {
                try (ResultSet rs = add.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString("key")).isEqualTo("odd-key");
                }
            }
            assertThat(strings(c, "select task_identifier || '/' || queue_name from " + quoted + ".jobs"))
                    .containsExactly("odd_task/q");
            assertThat(strings(c, "select (" + quoted + ".remove_job('odd-key')).id::text")).containsExactly("1");
        }
    }

    @Test
    void schemaNameWithADollarSignWorks(TestDatabase db) throws Exception {
        TestMigrator.of(db.dataSource(), "jobs$1").migrate();

        try (Connection c = db.dataSource().getConnection()) {
            assertThat(strings(c, "select (\"jobs$1\".add_job('dollar')).id::text")).containsExactly("1");
        }
    }

    @Test
    void schemaNameThatWouldEndAFunctionBodyIsRefusedBeforeTouchingTheDatabase(TestDatabase db) throws Exception {
        assertThatThrownBy(() -> TestMigrator.of(db.dataSource(), "evil$fn$name"))
                .isInstanceOf(WorkerException.class)
                .hasMessageContaining("$fn$")
                .hasMessageContaining("schema name");
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(strings(c, "select nspname from pg_namespace where nspname like 'evil%'")).isEmpty();
        }
    }

    @Test
    void emptyOrOverlongSchemaNamesAreRefused() {
        assertThatThrownBy(() -> SchemaName.quote("")).isInstanceOf(WorkerException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> SchemaName.quote("x".repeat(64))).isInstanceOf(WorkerException.class)
                .hasMessageContaining("63 bytes");
        assertThat(SchemaName.quote("x".repeat(63))).hasSize(65);
    }

    @Test
    void unknownBreakingRevisionFromANewerWorkerIsRefusedNamingTheRevision(TestDatabase db) throws Exception {
        Migrator migrator = TestMigrator.of(db.dataSource(), "newer_breaking");
        migrator.migrate();
        db.execute("insert into newer_breaking.migrations (id, breaking) values (21, true), (22, false)");

        assertThatThrownBy(migrator::migrate)
                .isInstanceOf(WorkerException.class)
                .hasMessageContaining("revision 22")
                .hasMessageContaining("revision 21 is marked as breaking")
                .hasMessageContaining("newer graphile-worker")
                .hasMessageContaining("Upgrade this worker");
        assertThat(ledger(db.dataSource(), "newer_breaking").keySet()).containsExactlyElementsOf(range(1, 22));
    }

    @Test
    void unknownNonBreakingRevisionIsAcceptedAndLeftAlone(TestDatabase db) throws Exception {
        Migrator migrator = TestMigrator.of(db.dataSource(), "newer_compatible");
        migrator.migrate();
        db.execute("insert into newer_compatible.migrations (id, breaking) values (21, false)");

        migrator.migrate();

        assertThat(ledger(db.dataSource(), "newer_compatible").keySet()).containsExactlyElementsOf(range(1, 21));
    }

    @Test
    void revision19SchemaIsUpgradedTo20WithTheSameFunctionsAsAFreshInstall(TestDatabase db) throws Exception {
        TestMigrator.of(db.dataSource(), "fresh_reference").migrate();
        Migrator migrator = TestMigrator.of(db.dataSource(), "from_19");
        migrator.migrate();
        // Make it look like graphile-worker 0.17 left it: no ledger row 20, and an add_jobs/add_job
        // that still insert task rows unconditionally (burning identity values).
        db.execute("delete from from_19.migrations where id = 20");
        db.execute(REVISION_19_STYLE_FUNCTIONS.replace("SCHEMA", "from_19"));
        db.execute("select from_19.add_job('burner'); select from_19.add_job('burner');");
        assertThat(lastValue(db.dataSource(), "from_19.tasks_id_seq")).isEqualTo(2);

        try (Connection listener = db.dataSource().getConnection()) {
            try (Statement s = listener.createStatement()) {
                s.execute("listen \"worker:migrate\"");
            }
            migrator.migrate();
            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(notifications).isNotNull().hasSize(1);
            assertThat(notifications[0].getParameter()).isEqualTo("{\"migrationNumber\":20,\"breaking\":false}");
        }

        Map<Integer, Boolean> ledger = ledger(db.dataSource(), "from_19");
        assertThat(ledger.keySet()).containsExactlyElementsOf(range(1, 20));
        assertThat(ledger.get(20)).isFalse();
        assertThat(definitions(db.dataSource(), "from_19").replace("from_19", "S"))
                .isEqualTo(definitions(db.dataSource(), "fresh_reference").replace("fresh_reference", "S"));
        db.execute("select from_19.add_job('burner'); select from_19.add_job('burner');");
        assertThat(lastValue(db.dataSource(), "from_19.tasks_id_seq")).isEqualTo(2);
    }

    @Test
    void revisionOlderThan19IsRefusedWithoutChangingAnything(TestDatabase db) throws Exception {
        Migrator migrator = TestMigrator.of(db.dataSource(), "too_old");
        migrator.migrate();
        // An old install whose last migration happened long ago (not an install in progress).
        db.execute("delete from too_old.migrations where id >= 19;"
                + " update too_old.migrations set ts = now() - interval '1 day'");
        String definitionsBefore = definitions(db.dataSource(), "too_old");

        assertThatThrownBy(migrator::migrate)
                .isInstanceOf(WorkerException.class)
                .hasMessageContaining("revision 18")
                .hasMessageContaining("graphile-worker 0.17")
                .hasMessageContaining("--schema 'too_old'")
                .hasMessageContaining("Nothing was changed");

        assertThat(ledger(db.dataSource(), "too_old").keySet()).containsExactlyElementsOf(range(1, 18));
        assertThat(definitions(db.dataSource(), "too_old")).isEqualTo(definitionsBefore);
    }

    @Test
    void partialLedgerOfAnInstallStillInProgressIsWaitedFor(TestDatabase db) throws Exception {
        DataSource ds = db.dataSource();
        // graphile-worker installs one migration per transaction; this is it after migration 5.
        db.execute("create schema in_progress; create table in_progress.migrations (id int primary key,"
                + " ts timestamptz not null default now(), breaking boolean not null default false);"
                + " insert into in_progress.migrations (id, breaking) select n, n in (1, 3)"
                + " from generate_series(1, 5) as n");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = ds.getConnection()) {
            other.setAutoCommit(false);
            takeMigrationLock(other, "in_progress");
            Future<?> result = pool.submit(() -> {
                TestMigrator.of(ds, "in_progress").migrate();
                return null;
            });
            awaitMigratorQueuedForLock(db);
            other.commit(); // the migrator now sees revision 5, written moments ago
            takeMigrationLock(other, "in_progress"); // queued behind the migrator's first look
            try (Statement s = other.createStatement()) {
                for (SchemaScript script : SchemaScript.install()) {
                    s.execute(script.renderFor("\"in_progress\""));
                }
                s.execute("insert into in_progress.migrations (id, breaking)"
                        + " select n, n in (11, 13, 14, 16, 19) from generate_series(6, 20) as n");
            }
            other.commit();

            result.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger(ds, "in_progress").keySet()).containsExactlyElementsOf(range(1, 20));
    }

    @Test
    void anInstallThatStaysInProgressIsWaitedForAMinuteThenRefused(TestDatabase db) throws Exception {
        DataSource ds = db.dataSource();
        // Written "in the future", the ledger looks freshly changed however long the test takes.
        db.execute("create schema stuck; create table stuck.migrations (id int primary key,"
                + " ts timestamptz not null default now() + interval '1 hour',"
                + " breaking boolean not null default false);"
                + " insert into stuck.migrations (id, breaking) select n, n in (1, 3) from generate_series(1, 5) as n");
        MutableClock clock = MutableClock.at(Instant.parse("2024-05-01T12:00:00Z"));
        List<Duration> sleeps = new ArrayList<>();
        Sleeper movingTheClock = new Sleeper() {
            @Override
            public void sleep(Duration duration) {
                sleeps.add(duration);
                clock.advance(duration);
            }

            @Override
            public void wakeUp() {
            }
        };

        assertThatThrownBy(() -> new Migrator(ds, "stuck", clock, movingTheClock).migrate())
                .isInstanceOf(WorkerException.class)
                .hasMessageContaining("revision 5");

        assertThat(sleeps).containsOnly(Duration.ofMillis(200));
        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus))
                .isGreaterThan(Migrator.IN_PROGRESS_PATIENCE)
                .isLessThanOrEqualTo(Migrator.IN_PROGRESS_PATIENCE.plusMillis(400));
        assertThat(ledger(ds, "stuck").keySet()).containsExactlyElementsOf(range(1, 5));
    }

    @Test
    void emptyLedgerLeftByAnInterruptedBootstrapGetsAFullInstall(TestDatabase db) throws Exception {
        db.execute("create schema bootstrapped; create table bootstrapped.migrations("
                + "id int primary key, ts timestamptz default now() not null,"
                + " breaking boolean not null default false)");

        TestMigrator.of(db.dataSource(), "bootstrapped").migrate();

        assertThat(ledger(db.dataSource(), "bootstrapped").keySet()).containsExactlyElementsOf(range(1, 20));
    }

    @Test
    void serverOlderThanPostgres12IsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> Migrator.checkServerVersion(110022, "11.22"))
                .isInstanceOf(WorkerException.class)
                .hasMessageContaining("PostgreSQL 12 or newer")
                .hasMessageContaining("11.22");
        Migrator.checkServerVersion(120000, "12.0");
    }

    @Test
    void databaseFailureIsReportedAsWorkerExceptionNamingTheSchema(TestDatabase db) {
        PGSimpleDataSource missing = new PGSimpleDataSource();
        String url = db.jdbcUrl();
        int name = url.lastIndexOf(db.databaseName());
        missing.setURL(url.substring(0, name) + "graphile_worker_missing_db" + url.substring(name + db.databaseName().length()));
        missing.setUser(db.user());
        missing.setPassword(db.password());
        Migrator migrator = TestMigrator.of(missing, "graphile_worker");

        assertThatThrownBy(migrator::migrate)
                .isInstanceOf(WorkerException.class)
                .hasMessageContaining("\"graphile_worker\"")
                .hasMessageContaining("graphile_worker_missing_db")
                .hasCauseInstanceOf(SQLException.class)
                .satisfies(e -> {
                    if (!db.password().isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(db.password());
                    }
                });
    }

    // --- helpers -----------------------------------------------------------------------------

    /** add_jobs and add_job as graphile-worker 0.17 shaped them: every call inserts task rows. */
    private static final String REVISION_19_STYLE_FUNCTIONS = """
            create or replace function SCHEMA.add_jobs(specs SCHEMA.job_spec[], job_key_preserve_run_at boolean default false)
            returns setof SCHEMA._private_jobs language plpgsql as $x$
            begin
              insert into SCHEMA._private_tasks (identifier)
                select distinct s.identifier from unnest(specs) s on conflict do nothing;
              return query insert into SCHEMA._private_jobs (task_id, payload)
                select t.id, coalesce(s.payload, '{}') from unnest(specs) s
                join SCHEMA._private_tasks t on t.identifier = s.identifier
                returning *;
            end;
            $x$;
            create or replace function SCHEMA.add_job(identifier text, payload json default null,
              queue_name text default null, run_at timestamptz default null, max_attempts integer default null,
              job_key text default null, priority integer default null, flags text[] default null,
              job_key_mode text default 'replace')
            returns SCHEMA._private_jobs language sql as $x$
              select * from SCHEMA.add_jobs(array[row(identifier, payload, null, null, null, null, null, null)::SCHEMA.job_spec]);
            $x$;
            """;

    private static void takeMigrationLock(Connection c, String schema) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
            s.setInt(1, Migrator.LOCK_CLASS);
            s.setString(2, schema);
            s.execute();
        }
    }

    /** Polls pg_locks until a migrator waits for the schema's migration lock. */
    private static void awaitMigratorQueuedForLock(TestDatabase db) {
        Poll.until("a migrator waits for the migration lock", () -> db.count("select count(*) from pg_locks"
                + " where locktype = 'advisory' and not granted and classid = " + Migrator.LOCK_CLASS + "::oid"
                + " and objsubid = 2 and database = (select oid from pg_database where datname = current_database())")
                > 0);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> result = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            result.add(i);
        }
        return result;
    }

    private static Map<Integer, Boolean> ledger(DataSource ds, String schema) throws SQLException {
        Map<Integer, Boolean> result = new LinkedHashMap<>();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select id, breaking from " + SchemaName.quote(schema) + ".migrations order by id")) {
            while (rs.next()) {
                result.put(rs.getInt(1), rs.getBoolean(2));
            }
        }
        return result;
    }

    /** Every function definition in the schema, in a stable order. */
    private static String definitions(DataSource ds, String schema) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select string_agg(pg_get_functiondef(p.oid), E'\\n' order by p.proname)"
                                + " from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = ?")) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long lastValue(DataSource ds, String sequence) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select last_value from " + sequence)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        return result;
    }
}
