package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.RescheduleOptions;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Values that the queue cannot hold give a clear error, through SQL and through {@link WorkerUtils},
 * and leave every other job, task and queue as it was. Each test works in a {@link BystanderQueue}.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class InvalidJobInputTest {

    private final TestDatabase database;
    private BystanderQueue queue;
    private WorkerUtils utils;

    InvalidJobInputTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void queueWithBystanders(TestInfo test) throws SQLException {
        queue = BystanderQueue.forTest(database, "bad", test);
        utils = queue.utils();
    }

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void valuesTheSchemaForbidsAreRefusedBySqlWithTheirOwnErrorAndChangeNothing() throws SQLException {
        String addJob = "select " + queue.quoted() + ".add_job(";
        assertRefusedBySql("not JSON", "22P02", "invalid input syntax for type json",
                addJob + "'t', payload => ?::json)", "not json");
        assertRefusedBySql("truncated JSON", "22P02", "invalid input syntax for type json",
                addJob + "'t', payload => ?::json)", "{\"a\": [1, ");
        assertRefusedBySql("empty job key", "23514", "jobs_key_check", addJob + "'t', job_key => ?)", "");
        assertRefusedBySql("513-character job key", "23514", "jobs_key_check",
                addJob + "'t', job_key => ?)", "k".repeat(513));
        assertRefusedBySql("129-character task", "23514", "tasks_identifier_check", addJob + "?)", "t".repeat(129));
        assertRefusedBySql("129 emoji as task", "23514", "tasks_identifier_check", addJob + "?)", "🙂".repeat(129));
        assertRefusedBySql("129-character queue", "23514", "job_queues_queue_name_check",
                addJob + "'t', queue_name => ?)", "q".repeat(129));
        assertRefusedBySql("129-character queue, unsafe_dedupe", "23514", "job_queues_queue_name_check",
                addJob + "'t', queue_name => ?, job_key => 'k', job_key_mode => 'unsafe_dedupe')", "q".repeat(129));
        assertRefusedBySql("null task", "23502", "\"identifier\"", addJob + "?)", (Object) null);
        assertRefusedBySql("null task, unsafe_dedupe", "23502", "\"identifier\"",
                addJob + "?, job_key => 'k', job_key_mode => 'unsafe_dedupe')", (Object) null);
        assertRefusedBySql("null flag", "22023", "must not be null",
                addJob + "'t', flags => array[?::text])", (Object) null);
        assertRefusedBySql("zero attempts", "23514", "jobs_max_attempts_check",
                addJob + "'t', max_attempts => ?)", 0);
        assertRefusedBySql("priority beyond smallint", "22003", "out of range", addJob + "'t', priority => ?)", 40000);
        assertRefusedBySql("batch with one bad spec: the good one is not added either", "23514", "jobs_key_check",
                "select " + queue.quoted() + ".add_jobs(array[row('good', '{}', null, null, null, 'fine', null, null),"
                        + " row('good', '{}', null, null, null, ?, null, null)]::" + queue.quoted() + ".job_spec[])",
                "");
    }

    @Test
    void nullArgumentsOfTheAdminFunctionsChangeNothing() throws SQLException {
        for (String call : List.of("remove_job(null)", "complete_jobs(null)", "complete_jobs(array[null]::bigint[])",
                "permanently_fail_jobs(null)", "reschedule_jobs(null, run_at => now())",
                "force_unlock_workers(null)", "force_unlock_workers(array[null])", "add_jobs(null)",
                "add_jobs(array[]::" + queue.quoted() + ".job_spec[])")) {
            queue.text("select " + queue.quoted() + "." + call);
            assertThat(queue.now()).as(call).isEqualTo(queue.before());
        }
    }

    @Test
    void valuesTheSchemaForbidsAreRefusedByWorkerUtilsNamingTheProblemAndChangeNothing() throws SQLException {
        AddJobOptions defaults = AddJobOptions.defaults();
        assertRefused("empty job key", "jobs_key_check", () -> utils.addJob("t", null, defaults.withJobKey("")));
        assertRefused("513-character job key", "jobs_key_check",
                () -> utils.addJob("t", null, defaults.withJobKey("k".repeat(513))));
        assertRefused("129-character task", "tasks_identifier_check", () -> utils.addJob("t".repeat(129), null));
        assertRefused("129-character queue", "job_queues_queue_name_check",
                () -> utils.addJob("t", null, defaults.withQueueName("q".repeat(129))));
        assertRefused("zero attempts", "jobs_max_attempts_check",
                () -> utils.addJob("t", null, defaults.withMaxAttempts(0)));
        assertRefused("null task", "\"identifier\"", () -> utils.addJob((String) null, null));
        assertRefused("NUL character in a task", "0x00", () -> utils.addJob("t\0x", null));
        assertRefused("NUL character in a key", "0x00", () -> utils.addJob("t", null, defaults.withJobKey("\0")));
        assertRefused("payload Jackson cannot write", "cannot be written as JSON",
                () -> utils.addJob("t", new Object()));
        assertRefused("batch with a payload Jackson cannot write", "cannot be written as JSON",
                () -> utils.addJobs(List.of(JobSpec.of("good", null), JobSpec.of("t", new Object())), false));
        assertRefused("batch with one bad spec", "jobs_key_check", () -> utils.addJobs(
                List.of(JobSpec.of("good", null), new JobSpec("good", null, defaults.withJobKey(""))), false));
    }

    @Test
    void nullsWhereWorkerUtilsNeedsAValueAreRefusedNamingTheParameter() throws SQLException {
        assertNullRefused("options", () -> utils.addJob("t", null, null));
        assertNullRefused("specs", () -> utils.addJobs(null, false));
        assertNullRefused("spec", () -> utils.addJobs(Arrays.asList(JobSpec.of("t", null), null), false));
        assertNullRefused("jobIds", () -> utils.completeJobs(null));
        assertNullRefused("jobIds", () -> utils.permanentlyFailJobs(null, "reason"));
        assertNullRefused("jobIds", () -> utils.rescheduleJobs(null, new RescheduleOptions(null, 1, null, null)));
        assertNullRefused("changes", () -> utils.rescheduleJobs(List.of(1L), null));
        assertNullRefused("workerIds", () -> utils.forceUnlockWorkers(null));
    }

    @Test
    void nullKeyOrNullAmongTheIdsMatchesNoJob() throws SQLException {
        assertThat(utils.removeJob(null)).isEmpty();
        assertThat(utils.completeJobs(Arrays.asList((Long) null))).isEmpty();
        utils.forceUnlockWorkers(Arrays.asList((String) null));

        assertThat(queue.now()).isEqualTo(queue.before());
    }

    private void assertRefusedBySql(String what, String sqlState, String message, String sql, Object... parameters)
            throws SQLException {
        Throwable error = catchThrowable(() -> queue.text(sql, parameters));

        assertThat(error).as(what).isInstanceOf(SQLException.class).hasMessageContaining(message);
        assertThat(((SQLException) error).getSQLState()).as(what).isEqualTo(sqlState);
        assertThat(queue.now()).as(what + ": nothing else changes").isEqualTo(queue.before());
    }

    private void assertRefused(String what, String message, ThrowingCallable call) throws SQLException {
        assertThatThrownBy(call).as(what).isInstanceOf(WorkerException.class).hasMessageContaining(message);
        assertThat(queue.now()).as(what + ": nothing else changes").isEqualTo(queue.before());
    }

    /** Java's message for the null pointer names the parameter that was null. */
    private void assertNullRefused(String parameter, ThrowingCallable call) throws SQLException {
        assertThatThrownBy(call).as(parameter).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("\"" + parameter + "\"");
        assertThat(queue.now()).as("null " + parameter + ": nothing else changes").isEqualTo(queue.before());
    }
}
