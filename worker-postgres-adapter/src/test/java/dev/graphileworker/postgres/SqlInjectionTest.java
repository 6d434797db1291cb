package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.admin.ActionResult;
import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.JobSelection;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.api.admin.QueueAdministration;
import java.time.Instant;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Strings crafted as SQL injection, in every text argument of every SQL function and of {@link
 * WorkerUtils}, are stored and matched as plain text: nothing else in the queue changes. Each test
 * works in a {@link BystanderQueue}.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class SqlInjectionTest {

    private final TestDatabase database;
    private BystanderQueue queue;
    private String s;
    private WorkerUtils utils;
    private List<String> injections;

    SqlInjectionTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void queueWithBystanders(TestInfo test) throws SQLException {
        queue = BystanderQueue.forTest(database, "inject", test);
        s = queue.quoted();
        utils = queue.utils();
        injections = List.of(
                "'); delete from " + s + "._private_jobs; --",
                "x'; drop schema " + s + " cascade; --",
                "\"; drop table " + s + "._private_jobs; --",
                "$fn$; delete from " + s + "._private_jobs; $fn$",
                "$$; delete from " + s + "._private_jobs; $$",
                "' or '1'='1",
                "bystander%",
                "\\'; select pg_sleep(60); --",
                "%s %I %L %1$s {0} ${jndi:ldap://127.0.0.1/x}",
                "a\"b'c\\d;e--f/*g*/h");
    }

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void injectionInEveryCriterionOfTheAdministrationIsPlainText() throws SQLException {
        QueueAdministration administration = utils.administration();
        ActionResult nothing = new ActionResult(List.of(), List.of(), List.of());
        for (String text : injections) {
            List<JobFilter> filters = List.of(JobFilter.all().withTask(text), JobFilter.all().withQueue(text),
                    JobFilter.all().withJobKey(text), JobFilter.all().withFlag(text),
                    JobFilter.all().withErrorContaining(text));
            for (JobFilter filter : filters) {
                assertThat(administration.jobs(filter, PageRequest.first()).jobs()).as(text).isEmpty();
                JobSelection selection = JobSelection.matching(filter);
                assertThat(administration.retry(selection, true, true)).as(text).isEqualTo(nothing);
                assertThat(administration.reschedule(selection, Instant.EPOCH, true)).as(text).isEqualTo(nothing);
                assertThat(administration.failPermanently(selection, text, true)).as(text).isEqualTo(nothing);
                assertThat(administration.unlock(selection)).as(text).isEqualTo(nothing);
                assertThat(administration.remove(selection, true)).as(text).isEqualTo(nothing);
            }
            assertThat(administration.jobByKey(text)).as(text).isEmpty();
            assertThat(administration.unlockQueue(text)).as(text).isFalse();
            assertThatThrownBy(() -> administration.jobs(JobFilter.all(), PageRequest.first().after(text)))
                    .as(text).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(queue.now()).isEqualTo(queue.before());
    }

    @Test
    void injectionInEveryTextArgumentOfTheSqlFunctionsIsPlainText() throws SQLException {
        for (String text : injections) {
            long id = queue.number("select (" + s + ".add_job(?, payload => json_build_object('s', ?::text),"
                    + " queue_name => ?, job_key => ?, flags => array[?])).id", text, text, text, text, text);
            assertStoredExactly(id, text);
            long batchId = queue.number("select j.id from " + s + ".add_jobs(array[row(?, null, ?, null, null,"
                    + " ?, null, array[?])]::" + s + ".job_spec[]) as j", text, text, text + "2", text);
            assertThatThrownBy(() -> queue.text("select " + s + ".add_job('t', job_key => 'k', job_key_mode => ?)",
                    text)).isInstanceOf(SQLException.class).hasMessageContaining("Unknown job_key_mode");

            assertThat(queue.text("select (" + s + ".permanently_fail_jobs(array[?::bigint], ?)).last_error",
                    id, text)).isEqualTo(text);
            queue.text("select " + s + ".force_unlock_workers(array[?])", text);
            assertThat(queue.number("select (" + s + ".remove_job(?)).id", text)).isEqualTo(id);
            assertThat(queue.number("select (" + s + ".remove_job(?)).id", text + "2")).isEqualTo(batchId);

            assertUntouched(text);
        }
    }

    @Test
    void injectionInEveryTextArgumentOfWorkerUtilsIsPlainText() throws SQLException {
        for (String text : injections) {
            Job job = utils.addJob(text, Map.of("s", text, text, text), AddJobOptions.defaults().withQueueName(text)
                    .withJobKey(text).withFlags(Set.of(text)));
            assertStoredExactly(job.id(), text);
            Job batchJob = utils.addJobs(List.of(new JobSpec(text, Map.of("s", text), AddJobOptions.defaults()
                    .withQueueName(text).withJobKey(text + "2").withFlags(Set.of(text)))), true).get(0);
            assertStoredExactly(batchJob.id(), text);

            assertThat(utils.permanentlyFailJobs(List.of(job.id()), text))
                    .singleElement().satisfies(failed -> assertThat(failed.lastError()).contains(text));
            utils.forceUnlockWorkers(List.of(text));
            assertThat(utils.removeJob(text))
                    .hasValueSatisfying(removed -> assertThat(removed.id()).isEqualTo(job.id()));
            assertThat(utils.removeJob(text + "2")).isPresent();

            assertUntouched(text);
        }
    }

    @Test
    void workerRunsTasksNamedLikeInjectionAndHonoursForbiddenFlagsNamedSo() throws Exception {
        String forbidden = injections.get(0);
        TaskList.Builder tasks = TaskList.builder();
        Map<String, JsonNode> ran = new ConcurrentHashMap<>();
        for (String text : injections) {
            tasks.task(text, (payload, helpers) -> ran.put(helpers.job().taskIdentifier(), payload));
            utils.addJob(text, Map.of("s", text), AddJobOptions.defaults().withFlags(Set.of(text + " allowed")));
        }
        Job forbiddenJob = utils.addJob(injections.get(1), null, AddJobOptions.defaults().withFlags(Set.of(forbidden)));

        GraphileWorker.runOnce(queue.options().taskList(tasks.build()).forbiddenFlags(Set.of(forbidden))
                .concurrency(3).build());

        assertThat(ran.keySet()).containsExactlyInAnyOrderElementsOf(injections);
        ran.forEach((task, payload) -> assertThat(payload.get("s").asText()).isEqualTo(task));
        assertThat(queue.now().jobsExcept(List.of(forbiddenJob.id()))).isEqualTo(queue.before().jobs());
        assertThat(queue.now().jobs()).containsKey(forbiddenJob.id());
    }

    @Test
    void schemaNameCraftedAsInjectionIsJustAName() throws Exception {
        String evil = "x\"; drop schema public cascade; --";
        WorkerOptions evilOptions = WorkerOptions.builder().connectionString(database.connectionString())
                .schema(evil).taskList(TaskList.builder().task("hello", (payload, helpers) -> { }).build()).build();

        GraphileWorker.runMigrations(evilOptions);
        try (WorkerUtils evilUtils = GraphileWorker.workerUtils(evilOptions)) {
            evilUtils.addJob("hello", null);
        }
        GraphileWorker.runOnce(evilOptions);

        assertThat(queue.number("select count(*) from pg_namespace where nspname = ?", evil)).isEqualTo(1);
        assertThat(queue.number("select count(*) from pg_namespace where nspname = ?", "public")).isEqualTo(1);
        assertThat(queue.now()).isEqualTo(queue.before());
    }

    @Test
    void schemaNameThatWouldEndAFunctionBodyIsRefusedBeforeTouchingTheDatabase() throws SQLException {
        WorkerOptions dollar = WorkerOptions.builder().connectionString(database.connectionString())
                .schema("x$fn$y").build();

        assertThatThrownBy(() -> GraphileWorker.runMigrations(dollar))
                .isInstanceOf(WorkerException.class).hasMessageContaining("$fn$");
        assertThat(queue.number("select count(*) from pg_namespace where nspname = ?", "x$fn$y")).isZero();
    }

    /** The hostile text came back as it went in, in every column that holds it. */
    private void assertStoredExactly(long id, String text) throws SQLException {
        // "??" is the jsonb "?" operator, escaped for the driver.
        assertThat(queue.text("select concat_ws(' | ', task_identifier = ?, queue_name = ?, flags ?? ?)"
                + " from " + s + ".jobs where id = ?", text, text, text, id)).isEqualTo("t | t | t");
        assertThat(queue.text("select payload->>'s' from " + s + "._private_jobs where id = ?", id)).isEqualTo(text);
    }

    /** Every bystander job, task and queue is as it was; only the hostile names were added. */
    private void assertUntouched(String text) throws SQLException {
        QueueSnapshot after = queue.now();
        assertThat(after.jobs()).as(text).isEqualTo(queue.before().jobs());
        assertThat(after.tasks()).as(text).containsAll(queue.before().tasks());
        assertThat(after.queues()).as(text).containsAll(queue.before().queues());
    }
}
