package dev.graphileworker.postgres.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.util.PSQLException;

/**
 * The SQL functions of the schema, called as a Node.js graphile-worker or a user's SQL would call
 * them. Jobs are "locked" by setting locked_at/locked_by directly, as a worker's claim does.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class SqlFunctionsTest {

    private static final String COLUMNS = "id, job_queue_id, task_id, payload::text as payload, priority,"
            + " attempts, max_attempts, last_error, key, locked_by, revision, flags::text as flags,"
            + " (locked_at is not null) as locked, is_available,"
            + " (run_at <= now()) as due, (run_at > now() + interval '30 minutes') as later";

    private static boolean installed;

    private Connection connection;

    @BeforeEach
    void freshTables(TestDatabase db) throws SQLException {
        synchronized (SqlFunctionsTest.class) {
            if (!installed) {
                TestMigrator.of(db.dataSource(), WorkerOptions.DEFAULT_SCHEMA).migrate();
                installed = true;
            }
        }
        connection = db.dataSource().getConnection();
        update("truncate graphile_worker._private_jobs, graphile_worker._private_tasks,"
                + " graphile_worker._private_job_queues restart identity");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    // --- add_job ----------------------------------------------------------------------------

    @Test
    void addJobWithOnlyAnIdentifierUsesTheDefaults() throws SQLException {
        Map<String, Object> job = one("select " + COLUMNS + " from graphile_worker.add_job('send_email')");

        assertThat(job).containsEntry("payload", "{}")
                .containsEntry("priority", 0)
                .containsEntry("attempts", 0)
                .containsEntry("max_attempts", 25)
                .containsEntry("job_queue_id", null)
                .containsEntry("key", null)
                .containsEntry("flags", null)
                .containsEntry("revision", 0)
                .containsEntry("last_error", null)
                .containsEntry("locked", false)
                .containsEntry("is_available", true)
                .containsEntry("due", true);
        assertThat(one("select task_identifier, queue_name from graphile_worker.jobs"))
                .containsEntry("task_identifier", "send_email")
                .containsEntry("queue_name", null);
    }

    @Test
    void addJobStoresEveryGivenField() throws SQLException {
        Map<String, Object> job = one("select " + COLUMNS + " from graphile_worker.add_job('t', '{\"a\":1}',"
                + " queue_name => 'q', run_at => now() + interval '1 hour', max_attempts => 3,"
                + " job_key => 'k', priority => -5, flags => array['slow', 'gpu'])");

        assertThat(job).containsEntry("payload", "{\"a\":1}")
                .containsEntry("priority", -5)
                .containsEntry("max_attempts", 3)
                .containsEntry("key", "k")
                .containsEntry("flags", "{\"gpu\": true, \"slow\": true}")
                .containsEntry("later", true);
        assertThat(one("select queue_name from graphile_worker.jobs")).containsEntry("queue_name", "q");
    }

    @Test
    void taskAndQueueRowsAreCreatedOnlyWhenMissingSoNoIdentityValueIsBurnt() throws SQLException {
        for (int i = 0; i < 3; i++) {
            one("select id from graphile_worker.add_job('same_task', queue_name => 'same_queue')");
            one("select id from graphile_worker.add_job('same_task', queue_name => 'same_queue',"
                    + " job_key => 'dedupe', job_key_mode => 'unsafe_dedupe')");
        }
        one("select count(*) from graphile_worker.add_jobs(array[('same_task', null, 'same_queue', null, null,"
                + " null, null, null)::graphile_worker.job_spec])");

        assertThat(one("select count(*)::int as n from graphile_worker._private_tasks")).containsEntry("n", 1);
        assertThat(one("select count(*)::int as n from graphile_worker._private_job_queues")).containsEntry("n", 1);
        assertThat(one("select last_value::int as v from graphile_worker.tasks_id_seq")).containsEntry("v", 1);
        assertThat(one("select last_value::int as v from graphile_worker.job_queues_id_seq")).containsEntry("v", 1);
    }

    @Test
    void replaceModeOverwritesAnUnlockedJobInPlaceAndResetsItsRetryState() throws SQLException {
        Map<String, Object> first = one("select " + COLUMNS + " from graphile_worker.add_job('old_task', '{\"v\":1}',"
                + " queue_name => 'q1', run_at => now() + interval '1 hour', max_attempts => 9, job_key => 'k',"
                + " priority => 4, flags => array['f'])");
        update("update graphile_worker._private_jobs set attempts = 2, last_error = 'boom'");

        Map<String, Object> replaced = one("select " + COLUMNS + " from graphile_worker.add_job('new_task', '{\"v\":2}',"
                + " job_key => 'k')");

        assertThat(replaced).containsEntry("id", first.get("id"))
                .containsEntry("payload", "{\"v\":2}")
                .containsEntry("job_queue_id", null)
                .containsEntry("max_attempts", 25)
                .containsEntry("priority", 0)
                .containsEntry("flags", null)
                .containsEntry("attempts", 0)
                .containsEntry("last_error", null)
                .containsEntry("revision", 1)
                .containsEntry("due", true);
        assertThat(one("select task_identifier from graphile_worker.jobs")).containsEntry("task_identifier", "new_task");
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void preserveRunAtKeepsTheRunAtOfAJobNotYetAttempted() throws SQLException {
        one("select id from graphile_worker.add_job('t', '{\"v\":1}', run_at => now() + interval '1 hour', job_key => 'k')");

        Map<String, Object> replaced = one("select " + COLUMNS + " from graphile_worker.add_job('t', '{\"v\":2}',"
                + " job_key => 'k', job_key_mode => 'preserve_run_at')");

        assertThat(replaced).containsEntry("payload", "{\"v\":2}").containsEntry("later", true).containsEntry("revision", 1);
    }

    @Test
    void preserveRunAtTakesTheNewRunAtOnceTheJobWasAttempted() throws SQLException {
        one("select id from graphile_worker.add_job('t', run_at => now() + interval '1 hour', job_key => 'k')");
        update("update graphile_worker._private_jobs set attempts = 1");

        Map<String, Object> replaced = one("select " + COLUMNS + " from graphile_worker.add_job('t',"
                + " job_key => 'k', job_key_mode => 'preserve_run_at')");

        assertThat(replaced).containsEntry("later", false).containsEntry("due", true).containsEntry("attempts", 0);
    }

    @Test
    void unsafeDedupeLeavesAnExistingJobAloneExceptItsRevision() throws SQLException {
        Map<String, Object> first = one("select " + COLUMNS + " from graphile_worker.add_job('t', '{\"v\":1}',"
                + " job_key => 'k', job_key_mode => 'unsafe_dedupe')");
        update("update graphile_worker._private_jobs set locked_at = now(), locked_by = 'w1'");

        Map<String, Object> second = one("select " + COLUMNS + " from graphile_worker.add_job('other', '{\"v\":2}',"
                + " queue_name => 'q', job_key => 'k', job_key_mode => 'unsafe_dedupe')");

        assertThat(second).containsEntry("id", first.get("id"))
                .containsEntry("payload", "{\"v\":1}")
                .containsEntry("task_id", first.get("task_id"))
                .containsEntry("job_queue_id", null)
                .containsEntry("locked_by", "w1")
                .containsEntry("revision", 1);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void replacingTheKeyOfARunningJobDetachesItAndAddsASecondJob() throws SQLException {
        Map<String, Object> running = one("select " + COLUMNS + " from graphile_worker.add_job('t', '{\"v\":1}', job_key => 'k')");
        update("update graphile_worker._private_jobs set locked_at = now(), locked_by = 'w1', attempts = 1");

        Map<String, Object> added = one("select " + COLUMNS + " from graphile_worker.add_job('t', '{\"v\":2}', job_key => 'k')");

        assertThat(added.get("id")).isNotEqualTo(running.get("id"));
        assertThat(added).containsEntry("key", "k").containsEntry("payload", "{\"v\":2}").containsEntry("revision", 0);
        assertThat(jobById(running.get("id")))
                .containsEntry("key", null)
                .containsEntry("locked_by", "w1")
                .containsEntry("attempts", 25) // will not be retried if this run fails
                .containsEntry("payload", "{\"v\":1}");
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void replacingTheKeyOfAJobWithNoAttemptsLeftAddsANewJob() throws SQLException {
        Map<String, Object> failed = one("select " + COLUMNS + " from graphile_worker.add_job('t', job_key => 'k', max_attempts => 2)");
        update("update graphile_worker._private_jobs set attempts = 2, last_error = 'gave up'");

        Map<String, Object> added = one("select " + COLUMNS + " from graphile_worker.add_job('t', job_key => 'k')");

        assertThat(added.get("id")).isNotEqualTo(failed.get("id"));
        assertThat(jobById(failed.get("id"))).containsEntry("key", null).containsEntry("last_error", "gave up");
    }

    @Test
    void unknownJobKeyModeFailsWithSqlStateGWBKM() throws SQLException {
        assertThatThrownBy(() -> one("select id from graphile_worker.add_job('t', job_key => 'k', job_key_mode => 'merge')"))
                .isInstanceOf(PSQLException.class)
                .satisfies(e -> assertThat(((PSQLException) e).getSQLState()).isEqualTo("GWBKM"))
                .hasMessageContaining("merge");
        assertThat(count()).isZero();
    }

    @Test
    void jobKeyModeIsIgnoredWithoutAJobKeyAsInGraphileWorker() throws SQLException {
        one("select id from graphile_worker.add_job('t', job_key_mode => 'merge')");
        one("select id from graphile_worker.add_job('t', job_key => 'k', job_key_mode => null)");

        assertThat(count()).isEqualTo(2);
    }

    @Test
    void replacingABatchJobWithABatchConcatenatesThePayloads() throws SQLException {
        one("select id from graphile_worker.add_job('batch', '[1, 2]', job_key => 'b')");

        assertThat(one("select payload::jsonb::text as p from graphile_worker.add_job('batch', '[3]', job_key => 'b')"))
                .containsEntry("p", "[1, 2, 3]");
        assertThat(one("select payload::text as p from graphile_worker.add_job('batch', '{\"x\":1}', job_key => 'b')"))
                .containsEntry("p", "{\"x\":1}");
        assertThat(one("select payload::text as p from graphile_worker.add_job('batch', '[4]', job_key => 'b')"))
                .containsEntry("p", "[4]");
    }

    // --- add_jobs ---------------------------------------------------------------------------

    @Test
    void addJobsInsertsEverySpecAndReplacesKeyedJobs() throws SQLException {
        one("select id from graphile_worker.add_job('t', '{\"old\":true}', job_key => 'k')");

        List<Map<String, Object>> jobs = all("select " + COLUMNS + " from graphile_worker.add_jobs(array["
                + "('a', '{\"n\":1}', 'q', null, null, null, null, null)::graphile_worker.job_spec,"
                + "('b', null, null, null, 4, 'k', 7, array['x'])::graphile_worker.job_spec,"
                + "('a', null, null, null, null, null, null, '{}')::graphile_worker.job_spec]) order by id");

        assertThat(jobs).hasSize(3);
        assertThat(jobs.get(0)).containsEntry("id", 1L).containsEntry("payload", "{}").containsEntry("max_attempts", 4)
                .containsEntry("priority", 7).containsEntry("flags", "{\"x\": true}").containsEntry("revision", 1);
        assertThat(jobs.get(1)).containsEntry("payload", "{\"n\":1}").containsEntry("key", null)
                .containsEntry("revision", 0);
        assertThat(jobs.get(2)).containsEntry("flags", null).containsEntry("job_queue_id", null);
        assertThat(all("select task_identifier, queue_name from graphile_worker.jobs order by id"))
                .extracting(row -> row.get("task_identifier") + "/" + row.get("queue_name"))
                .containsExactly("b/null", "a/q", "a/null");
    }

    @Test
    void addJobsPreservesRunAtOnlyWhenAsked() throws SQLException {
        one("select count(*) from graphile_worker.add_jobs(array[('t', null, null, now() + interval '1 hour',"
                + " null, 'k', null, null)::graphile_worker.job_spec])");

        assertThat(one("select " + COLUMNS + " from graphile_worker.add_jobs(array[('t', null, null, null, null, 'k',"
                        + " null, null)::graphile_worker.job_spec], true)"))
                .containsEntry("later", true);
        assertThat(one("select " + COLUMNS + " from graphile_worker.add_jobs(array[('t', null, null, null, null, 'k',"
                        + " null, null)::graphile_worker.job_spec])"))
                .containsEntry("later", false);
    }

    // --- remove_job -------------------------------------------------------------------------

    @Test
    void removeJobDeletesAJobThatIsNotRunning() throws SQLException {
        Object id = one("select id from graphile_worker.add_job('t', job_key => 'k')").get("id");

        assertThat(one("select id from graphile_worker.remove_job('k')")).containsEntry("id", id);
        assertThat(count()).isZero();
    }

    @Test
    void removeJobOnARunningJobTakesItsKeyAndPreventsRetries() throws SQLException {
        Object id = one("select id from graphile_worker.add_job('t', job_key => 'k')").get("id");
        update("update graphile_worker._private_jobs set locked_at = now(), locked_by = 'w1', attempts = 1");

        assertThat(one("select " + COLUMNS + " from graphile_worker.remove_job('k')"))
                .containsEntry("id", id).containsEntry("key", null).containsEntry("attempts", 25)
                .containsEntry("locked_by", "w1");
        assertThat(count()).isEqualTo(1);
        // the key is free for a new job
        assertThat(one("select id from graphile_worker.add_job('t', job_key => 'k')").get("id")).isNotEqualTo(id);
    }

    @Test
    void removeJobDeletesAJobWhoseLockIsOlderThanFourHours() throws SQLException {
        one("select id from graphile_worker.add_job('t', job_key => 'k')");
        update("update graphile_worker._private_jobs set locked_at = now() - interval '5 hours', locked_by = 'dead'");

        one("select id from graphile_worker.remove_job('k')");

        assertThat(count()).isZero();
    }

    @Test
    void removeJobOfAnUnknownKeyReturnsAnEmptyRowAndNullIsIgnored() throws SQLException {
        assertThat(one("select id from graphile_worker.remove_job('nothing')")).containsEntry("id", null);
        assertThat(one("select graphile_worker.remove_job(null) is null as n")).containsEntry("n", true);
    }

    // --- admin functions --------------------------------------------------------------------

    @Test
    void completeJobsDeletesOnlyJobsThatAreNotRunning() throws SQLException {
        long[] ids = threeJobsMiddleLockedLastStale();

        assertThat(all("select id from graphile_worker.complete_jobs(array[" + ids[0] + ", " + ids[1] + ", " + ids[2]
                        + "]::bigint[]) order by id"))
                .extracting(row -> row.get("id")).containsExactly(ids[0], ids[2]);
        assertThat(all("select id from graphile_worker._private_jobs")).extracting(row -> row.get("id"))
                .containsExactly(ids[1]);
    }

    @Test
    void permanentlyFailJobsUsesUpTheAttemptsOfJobsThatAreNotRunning() throws SQLException {
        long[] ids = threeJobsMiddleLockedLastStale();

        assertThat(all("select id, last_error, attempts from graphile_worker.permanently_fail_jobs(array["
                        + ids[0] + ", " + ids[1] + "]::bigint[]) order by id"))
                .containsExactly(row("id", ids[0], "last_error", "Manually marked as failed", "attempts", 25));
        assertThat(one("select last_error, is_available from graphile_worker.permanently_fail_jobs(array["
                        + ids[2] + "]::bigint[], 'obsolete')"))
                .containsEntry("last_error", "obsolete").containsEntry("is_available", false);
        assertThat(jobById(ids[1])).containsEntry("attempts", 0).containsEntry("last_error", null);
    }

    @Test
    void rescheduleJobsChangesOnlyGivenFieldsOfJobsThatAreNotRunning() throws SQLException {
        long[] ids = threeJobsMiddleLockedLastStale();

        assertThat(all("select id from graphile_worker.reschedule_jobs(array[" + ids[0] + ", " + ids[1] + "]::bigint[],"
                        + " run_at => now() + interval '1 day', attempts => 3, max_attempts => 10)"))
                .extracting(row -> row.get("id")).containsExactly(ids[0]);
        assertThat(jobById(ids[0])).containsEntry("later", true).containsEntry("attempts", 3)
                .containsEntry("max_attempts", 10).containsEntry("priority", 0);
        assertThat(jobById(ids[1])).containsEntry("later", false).containsEntry("attempts", 0);

        one("select id from graphile_worker.reschedule_jobs(array[" + ids[0] + "]::bigint[], priority => 2)");
        assertThat(jobById(ids[0])).containsEntry("later", true).containsEntry("attempts", 3).containsEntry("priority", 2);
    }

    @Test
    void forceUnlockWorkersFreesJobsAndQueuesOfTheGivenWorkersOnly() throws SQLException {
        one("select id from graphile_worker.add_job('t', queue_name => 'q1')");
        one("select id from graphile_worker.add_job('t', queue_name => 'q2')");
        one("select id from graphile_worker.add_job('t')");
        update("update graphile_worker._private_jobs set locked_at = now(), locked_by = case id when 1 then 'dead'"
                + " when 2 then 'alive' else 'dead' end");
        update("update graphile_worker._private_job_queues set locked_at = now(), locked_by = case queue_name"
                + " when 'q1' then 'dead' else 'alive' end");

        one("select graphile_worker.force_unlock_workers(array['dead', 'also_dead'])");

        assertThat(all("select id, locked_by, is_available from graphile_worker._private_jobs order by id"))
                .containsExactly(
                        row("id", 1L, "locked_by", null, "is_available", true),
                        row("id", 2L, "locked_by", "alive", "is_available", false),
                        row("id", 3L, "locked_by", null, "is_available", true));
        assertThat(all("select queue_name, locked_by, is_available from graphile_worker._private_job_queues order by id"))
                .containsExactly(
                        row("queue_name", "q1", "locked_by", null, "is_available", true),
                        row("queue_name", "q2", "locked_by", "alive", "is_available", false));
    }

    // --- notifications ----------------------------------------------------------------------

    @Test
    void addingJobsNotifiesJobsInsertWithTheNumberOfJobs(TestDatabase db) throws SQLException {
        try (Connection listener = listening(db, "jobs:insert")) {
            one("select id from graphile_worker.add_job('t')");
            one("select count(*) from graphile_worker.add_jobs(array[('t', null, null, null, null, null, null,"
                    + " null)::graphile_worker.job_spec, ('u', null, null, null, null, null, null,"
                    + " null)::graphile_worker.job_spec, ('v', null, null, null, null, null, null,"
                    + " null)::graphile_worker.job_spec])");

            List<String> payloads = payloads(listener, 2);
            assertThat(payloads).hasSize(2);
            assertThat(payloads.get(0)).matches("\\{\"r\":[0-9.e-]+,\"count\":1}");
            assertThat(payloads.get(1)).matches("\\{\"r\":[0-9.e-]+,\"count\":3}");
        }
    }

    @Test
    void removingAJobNotifiesACountOfMinusOne(TestDatabase db) throws SQLException {
        one("select id from graphile_worker.add_job('t', job_key => 'k')");
        try (Connection listener = listening(db, "jobs:insert")) {
            one("select id from graphile_worker.remove_job('k')");

            assertThat(payloads(listener, 1)).singleElement().asString().matches("\\{\"r\":[0-9.e-]+,\"count\":-1}");
        }
    }

    @Test
    void unsafeDedupeOfAnExistingJobAndRolledBackJobsNotifyNobody(TestDatabase db) throws SQLException {
        one("select id from graphile_worker.add_job('t', job_key => 'k', job_key_mode => 'unsafe_dedupe')");
        try (Connection listener = listening(db, "jobs:insert")) {
            one("select id from graphile_worker.add_job('t', job_key => 'k', job_key_mode => 'unsafe_dedupe')");
            connection.setAutoCommit(false);
            one("select id from graphile_worker.add_job('rolled_back')");
            connection.rollback();
            connection.setAutoCommit(true);
            // Notifications arrive in commit order: the marker is the first one that was sent.
            one("select id from graphile_worker.add_job('marker')");

            List<String> payloads = payloads(listener, 1);
            assertThat(payloads).singleElement().asString().matches("\\{\"r\":[0-9.e-]+,\"count\":1}");
            assertThat(one("select count(*)::int as n from graphile_worker.jobs where task_identifier = 'marker'"))
                    .containsEntry("n", 1);
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    private long[] threeJobsMiddleLockedLastStale() throws SQLException {
        long a = (Long) one("select id from graphile_worker.add_job('t')").get("id");
        long b = (Long) one("select id from graphile_worker.add_job('t')").get("id");
        long c = (Long) one("select id from graphile_worker.add_job('t')").get("id");
        update("update graphile_worker._private_jobs set locked_at = now(), locked_by = 'w' where id = " + b);
        update("update graphile_worker._private_jobs set locked_at = now() - interval '5 hours', locked_by = 'dead'"
                + " where id = " + c);
        return new long[] {a, b, c};
    }

    private Map<String, Object> jobById(Object id) throws SQLException {
        return one("select " + COLUMNS + " from graphile_worker._private_jobs where id = " + id);
    }

    private int count() throws SQLException {
        return (Integer) one("select count(*)::int as n from graphile_worker._private_jobs").get("n");
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private Map<String, Object> one(String sql) throws SQLException {
        List<Map<String, Object>> rows = all(sql);
        assertThat(rows).as(sql).hasSize(1);
        return rows.get(0);
    }

    private List<Map<String, Object>> all(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    if (value instanceof Short shortValue) {
                        value = shortValue.intValue();
                    }
                    row.put(meta.getColumnLabel(i), value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private void update(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection listening(TestDatabase db, String channel) throws SQLException {
        DataSource ds = db.dataSource();
        Connection listener = ds.getConnection();
        try (Statement s = listener.createStatement()) {
            s.execute("listen \"" + channel + "\"");
        }
        return listener;
    }

    /** Waits for at least {@code expected} notifications, then returns all that have arrived. */
    private static List<String> payloads(Connection listener, int expected) throws SQLException {
        List<String> payloads = new ArrayList<>();
        PGConnection pg = listener.unwrap(PGConnection.class);
        while (payloads.size() < expected) {
            PGNotification[] batch = pg.getNotifications(10_000);
            if (batch == null || batch.length == 0) {
                break;
            }
            for (PGNotification n : batch) {
                payloads.add(n.getParameter());
            }
        }
        PGNotification[] rest = pg.getNotifications();
        if (rest != null) {
            for (PGNotification n : rest) {
                payloads.add(n.getParameter());
            }
        }
        return payloads;
    }
}
