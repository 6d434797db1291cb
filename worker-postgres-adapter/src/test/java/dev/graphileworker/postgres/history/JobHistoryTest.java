package dev.graphileworker.postgres.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.admin.HistoryEntry;
import dev.graphileworker.api.admin.HistoryEntry.Outcome;
import dev.graphileworker.api.admin.HistoryPage;
import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.postgres.internal.sql.PostgresHistory;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The history of finished jobs, end to end through {@link GraphileWorker} on a real PostgreSQL: off by
 * default and then invisible, on with {@code keepHistory}, recording what the worker completes and fails
 * for good in the same statement, read back by {@link PostgresHistory}.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class JobHistoryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String HISTORY = "graphile_worker_history.job_history";

    private final TestDatabase database;
    private final ObjectMapper objectMapper = new ObjectMapper();

    JobHistoryTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void startWithoutSchemas() {
        for (String schema : database.texts("select quote_ident(nspname) from pg_namespace where nspname <> 'public'"
                + " and nspname <> 'information_schema' and nspname not like 'pg\\_%'")) {
            database.execute("drop schema " + schema + " cascade");
        }
    }

    @Test
    void withHistoryOffNoHistorySchemaIsCreatedAndNothingIsRecorded() throws Exception {
        WorkerOptions options = options(tasks()).build();
        addJobs(options, List.of(JobSpec.of("ok", Map.of("n", 1)), JobSpec.of("ok", Map.of("n", 2))));

        runOnce(options);

        assertThat(database.count("select count(*) from graphile_worker._private_jobs")).isZero();
        assertThat(database.count("select count(*) from pg_namespace where nspname like '%history%'")).isZero();
        assertThat(history().page(JobFilter.all(), PageRequest.first()))
                .isEqualTo(new HistoryPage(List.of(), Optional.empty()));
        assertThat(history().ofJob(1)).isEmpty();
    }

    @Test
    void completedAndPermanentlyFailedJobsAreRecordedWithTheirColumnsButNotARetriedFailure() throws Exception {
        WorkerOptions options = options(tasks()).keepHistory(Duration.ofDays(7)).build();
        Job completed;
        Job failedForGood;
        Job retried;
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.migrate();
            completed = utils.addJob("ok", Map.of("to", "ada@example.com"),
                    AddJobOptions.defaults().withQueueName("mail").withJobKey("welcome:1"));
            failedForGood = utils.addJob("bad", Map.of("n", 7), AddJobOptions.defaults().withMaxAttempts(1));
            retried = utils.addJob("bad", Map.of("n", 8), AddJobOptions.defaults().withMaxAttempts(3));
        }

        String workerId = runOnce(options);

        List<HistoryEntry> entries = history().page(JobFilter.all(), PageRequest.first()
                .withOrder(PageRequest.Order.OLDEST_FIRST)).entries();
        assertThat(entries).hasSize(2);
        HistoryEntry ok = history().ofJob(completed.id()).get(0);
        assertThat(ok.taskIdentifier()).isEqualTo("ok");
        assertThat(ok.queueName()).contains("mail");
        assertThat(ok.key()).contains("welcome:1");
        assertThat(ok.payload()).isEqualTo(objectMapper.readTree("{\"to\":\"ada@example.com\"}"));
        assertThat(ok.attempts()).isEqualTo(1);
        assertThat(ok.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(ok.lastError()).isEmpty();
        assertThat(ok.workerId()).isEqualTo(workerId);
        assertThat(ok.runTime()).isPositive();
        HistoryEntry bad = history().ofJob(failedForGood.id()).get(0);
        assertThat(bad.taskIdentifier()).isEqualTo("bad");
        assertThat(bad.queueName()).isEmpty();
        assertThat(bad.key()).isEmpty();
        assertThat(bad.payload()).isEqualTo(objectMapper.readTree("{\"n\":7}"));
        assertThat(bad.attempts()).isEqualTo(1);
        assertThat(bad.outcome()).isEqualTo(Outcome.PERMANENTLY_FAILED);
        assertThat(bad.lastError()).hasValueSatisfying(error -> assertThat(error).contains("boom 7"));
        assertThat(bad.workerId()).isEqualTo(workerId);
        assertThat(bad.runTime()).isPositive();
        // The job that will be retried failed once, and is not finished: not recorded.
        assertThat(history().ofJob(retried.id())).isEmpty();
        assertThat(database.count("select attempts from graphile_worker._private_jobs where id = " + retried.id()))
                .isEqualTo(1);
        // The permanently failed job stays in the queue, as without history.
        assertThat(database.count("select count(*) from graphile_worker._private_jobs where id = "
                + failedForGood.id())).isEqualTo(1);
        assertThat(database.count("select count(*) from " + HISTORY + " where finished_at > now() - interval '1 hour'"
                + " and finished_at <= now()")).isEqualTo(2);
    }

    @Test
    void theAdministrationApiReadsTheHistory() throws Exception {
        WorkerOptions options = options(tasks()).keepHistory(Duration.ofDays(7)).build();
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.migrate();
            utils.addJob("ok", Map.of("n", 1), AddJobOptions.defaults());
            utils.addJob("bad", Map.of("n", 2), AddJobOptions.defaults().withMaxAttempts(1));
        }
        runOnce(options);

        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            List<HistoryEntry> failed = utils.administration().history(JobFilter.all().withTask("bad"),
                    PageRequest.first()).entries();
            assertThat(failed).singleElement().satisfies(entry -> {
                assertThat(entry.outcome()).isEqualTo(Outcome.PERMANENTLY_FAILED);
                assertThat(entry.lastError()).hasValueSatisfying(error -> assertThat(error).contains("boom 2"));
            });
            assertThat(utils.administration().history(JobFilter.all(), PageRequest.first()).entries()).hasSize(2);
        }
    }

    @Test
    void aBatchJobThatFailsForGoodKeepsThePayloadItRanWith() throws Exception {
        TaskList tasks = TaskList.builder().task("batch", (payload, helpers) -> {
            throw new IllegalStateException("all failed");
        }).build();
        WorkerOptions options = options(tasks).keepHistory(Duration.ofDays(1)).build();
        Job job;
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.migrate();
            job = utils.addJob("batch", List.of(Map.of("a", 1), Map.of("a", 2)), AddJobOptions.defaults()
                    .withMaxAttempts(1));
        }

        runOnce(options);

        assertThat(history().ofJob(job.id())).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(Outcome.PERMANENTLY_FAILED);
            assertThat(entry.payload()).isEqualTo(objectMapper.readTree("[{\"a\":1},{\"a\":2}]"));
        });
    }

    @Test
    void manyJobsCompletedInBatchesAreAllRecordedExactlyOnce() throws Exception {
        int count = 600;
        WorkerOptions options = options(tasks()).keepHistory(Duration.ofHours(1)).concurrency(8)
                .completionBatchSize(100).completionBatchDelay(Duration.ofMillis(20)).localQueueSize(200).build();
        List<Job> added = addJobs(options, IntStream.range(0, count)
                .mapToObj(n -> JobSpec.of(n % 10 == 0 ? "bad" : "ok", Map.of("n", n))).toList());
        // The failing ones fail for good at once.
        database.execute("update graphile_worker._private_jobs set max_attempts = 1");

        runOnce(options);

        assertThat(database.count("select count(*) from " + HISTORY)).isEqualTo(count);
        assertThat(database.count("select count(distinct job_id) from " + HISTORY)).isEqualTo(count);
        assertThat(database.texts("select job_id from " + HISTORY + " order by job_id"))
                .isEqualTo(added.stream().map(job -> Long.toString(job.id())).sorted(
                        (a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))).toList());
        assertThat(database.count("select count(*) from " + HISTORY + " where outcome = 'permanently_failed'"))
                .isEqualTo(count / 10);
        assertThat(database.count("select count(*) from " + HISTORY + " where run_time <= interval '0'")).isZero();
        // Entries written by one statement share its transaction's time: some statements wrote many.
        assertThat(database.count("select max(n) from (select count(*) as n from " + HISTORY
                + " group by finished_at) as statements")).isGreaterThan(1);
        assertThat(database.count("select count(*) from graphile_worker._private_jobs")).isEqualTo(count / 10);
    }

    @Test
    void twoWorkersStartingAtOnceWithHistoryBothRunAndCreateItOnce() throws Exception {
        WorkerOptions options = options(tasks()).keepHistory(Duration.ofDays(7)).build();
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService starters = Executors.newFixedThreadPool(2);
        List<RunningWorker> workers = new ArrayList<>();
        try {
            List<Future<RunningWorker>> started = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                started.add(starters.submit(() -> {
                    together.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                    return GraphileWorker.run(options);
                }));
            }
            for (Future<RunningWorker> worker : started) {
                workers.add(worker.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            }
            workers.get(0).addJob("ok", Map.of("n", 1), AddJobOptions.defaults());
            workers.get(1).addJob("ok", Map.of("n", 2), AddJobOptions.defaults());

            database.awaitCount("select count(*) from " + HISTORY, 2);
        } finally {
            for (RunningWorker worker : workers) {
                worker.close();
            }
            starters.shutdownNow();
        }
        assertThat(database.count("select count(*) from pg_class where relname = 'job_history'")).isEqualTo(1);
        assertThat(database.count("select count(*) from pg_namespace where nspname = 'graphile_worker_history'"))
                .isEqualTo(1);
    }

    @Test
    void theSharedSchemaGetsNothingNewWhenHistoryIsKept() throws Exception {
        TestDatabase without = database.createDatabase();
        GraphileWorker.runMigrations(WorkerOptions.builder().connectionString(without.connectionString()).build());
        WorkerOptions options = options(tasks()).keepHistory(Duration.ofDays(7)).build();
        addJobs(options, List.of(JobSpec.of("ok", null)));

        runOnce(options);

        assertThat(database.count("select count(*) from " + HISTORY)).isEqualTo(1);
        String objects = "select kind || ' ' || name from ("
                + " select 'relation' as kind, c.relname || ':' || c.relkind::text as name from pg_class as c"
                + "   join pg_namespace as n on n.oid = c.relnamespace where n.nspname = 'graphile_worker'"
                + " union all select 'function', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'"
                + "   from pg_proc as p join pg_namespace as n on n.oid = p.pronamespace where n.nspname = 'graphile_worker'"
                + " union all select 'type', t.typname from pg_type as t"
                + "   join pg_namespace as n on n.oid = t.typnamespace where n.nspname = 'graphile_worker'"
                + " union all select 'trigger', tg.tgname from pg_trigger as tg join pg_class as c on c.oid = tg.tgrelid"
                + "   join pg_namespace as n on n.oid = c.relnamespace where n.nspname = 'graphile_worker'"
                + " union all select 'constraint', co.conname from pg_constraint as co"
                + "   join pg_namespace as n on n.oid = co.connamespace where n.nspname = 'graphile_worker'"
                + ") as everything order by 1";
        assertThat(database.texts(objects)).isNotEmpty().isEqualTo(without.texts(objects));
        // Nothing of ours refers into the shared schema either: no foreign key, no trigger on its tables.
        assertThat(database.count("select count(*) from pg_constraint where contype = 'f'"
                + " and conrelid = 'graphile_worker_history.job_history'::regclass")).isZero();
    }

    @Test
    void anOddSchemaNameGetsAnOddHistorySchemaNameQuotedEverywhere() throws Exception {
        String schema = "My \"odd\" Schema";
        String quotedHistory = "\"My \"\"odd\"\" Schema_history\"";
        WorkerOptions options = options(tasks()).schema(schema).keepHistory(Duration.ofDays(7)).build();
        List<Job> added = addJobs(options, List.of(JobSpec.of("ok", Map.of("n", 1)), JobSpec.of("bad", Map.of("n", 2))));
        database.execute("update \"My \"\"odd\"\" Schema\"._private_jobs set max_attempts = 1");

        runOnce(options);

        assertThat(database.texts("select outcome from " + quotedHistory + ".job_history order by job_id"))
                .containsExactly("completed", "permanently_failed");
        PostgresHistory odd = new PostgresHistory(database.dataSource(), schema);
        assertThat(odd.ofJob(added.get(0).id())).singleElement()
                .satisfies(entry -> assertThat(entry.outcome()).isEqualTo(Outcome.COMPLETED));
        assertThat(odd.page(JobFilter.all().withTask("bad"), PageRequest.first()).entries()).singleElement()
                .satisfies(entry -> assertThat(entry.jobId()).isEqualTo(added.get(1).id()));
        assertThat(PostgresHistory.ofQuotedSchema(database.dataSource(), "\"My \"\"odd\"\" Schema\"")
                .ofJob(added.get(1).id())).singleElement()
                .satisfies(entry -> assertThat(entry.lastError()).hasValueSatisfying(e -> assertThat(e).contains("boom 2")));
    }

    @Test
    void aSchemaNameTooLongForItsHistorySchemaIsRefusedBeforeAnythingChanges() {
        String schema = "s".repeat(60);
        WorkerOptions options = options(tasks()).schema(schema).keepHistory(Duration.ofDays(7)).build();

        assertThatThrownBy(() -> GraphileWorker.run(options)).isInstanceOf(WorkerException.class)
                .hasMessageContaining("history").hasMessageContaining("63 bytes").hasMessageContaining("at most 55");
        assertThat(database.count("select count(*) from pg_namespace where nspname like 'sss%'")).isZero();
        // A reader for such a schema (administration has one whether history is kept or not) reads nothing.
        assertThat(PostgresHistory.ofQuotedSchema(database.dataSource(), "\"" + schema + "\"")
                .page(JobFilter.all(), PageRequest.first()).entries()).isEmpty();
    }

    @Test
    void pagesFollowTheEntryIdWithFiltersAsParameters() throws Exception {
        WorkerOptions options = options(tasks()).keepHistory(Duration.ofDays(7)).build();
        List<JobSpec> specs = new ArrayList<>();
        for (int n = 0; n < 7; n++) {
            specs.add(new JobSpec("ok", Map.of("n", n), AddJobOptions.defaults().withQueueName(n % 2 == 0 ? "even" : "odd")));
        }
        specs.add(new JobSpec("ok", Map.of("n", 99), AddJobOptions.defaults().withJobKey("k'; drop table x; --")));
        addJobs(options, specs);
        runOnce(options);

        PostgresHistory history = history();
        HistoryPage first = history.page(JobFilter.all(), PageRequest.first().withLimit(3));
        HistoryPage second = history.page(JobFilter.all(), PageRequest.first().withLimit(3).after(first.nextCursor().get()));
        HistoryPage third = history.page(JobFilter.all(), PageRequest.first().withLimit(3).after(second.nextCursor().get()));
        List<Long> ids = new ArrayList<>();
        for (HistoryPage page : List.of(first, second, third)) {
            page.entries().forEach(entry -> ids.add(entry.entryId()));
        }
        assertThat(ids).hasSize(8).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(third.nextCursor()).isEmpty();
        assertThat(history.page(JobFilter.all().withQueue("even"), PageRequest.first()).entries()).hasSize(4)
                .allSatisfy(entry -> assertThat(entry.queueName()).contains("even"));
        assertThat(history.page(JobFilter.all().withJobKey("k'; drop table x; --"), PageRequest.first()).entries())
                .singleElement().satisfies(entry -> assertThat(entry.payload().get("n").asInt()).isEqualTo(99));
        assertThat(history.page(JobFilter.all().withTask("nothing"), PageRequest.first()).entries()).isEmpty();
        List<HistoryEntry> oldestFirst = history.page(JobFilter.all(),
                PageRequest.first().withOrder(PageRequest.Order.OLDEST_FIRST).withLimit(1000)).entries();
        assertThat(oldestFirst).extracting(HistoryEntry::entryId).isSorted();
        assertThatThrownBy(() -> history.page(JobFilter.all(), PageRequest.first().after("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pruningDeletesOnlyEntriesOlderThanTheRetentionInBoundedBatches() throws Exception {
        WorkerOptions options = options(tasks()).keepHistory(Duration.ofDays(7)).build();
        addJobs(options, List.of(JobSpec.of("ok", null)));
        runOnce(options);
        database.execute("insert into " + HISTORY + " (job_id, task_identifier, payload, attempts, outcome,"
                + " worker_id, finished_at, run_time) select n, 'old', '{}', 1, 'completed', 'w',"
                + " now() - interval '2 hours' - n * interval '1 second', interval '1 ms'"
                + " from generate_series(1, 2500) as n");
        database.execute("insert into " + HISTORY + " (job_id, task_identifier, payload, attempts, outcome,"
                + " worker_id, finished_at, run_time) values (9001, 'recent', '{}', 1, 'completed', 'w',"
                + " now() - interval '59 minutes', interval '1 ms')");
        PostgresHistory kept = history().withRetention(Duration.ofHours(1));

        assertThat(kept.pruneExpired(1000)).isEqualTo(1000);
        assertThat(kept.pruneExpired(1000)).isEqualTo(1000);
        assertThat(kept.pruneExpired(1000)).isEqualTo(500);
        assertThat(kept.pruneExpired(1000)).isZero();

        assertThat(database.texts("select task_identifier from " + HISTORY + " order by entry_id"))
                .containsExactly("ok", "recent");
        assertThatThrownBy(() -> history().pruneExpired(10)).isInstanceOf(IllegalStateException.class);
    }

    private PostgresHistory history() {
        return PostgresHistory.ofQuotedSchema(database.dataSource(), "\"graphile_worker\"");
    }

    private static TaskList tasks() {
        return TaskList.builder()
                .task("ok", (payload, helpers) -> { })
                .task("bad", (payload, helpers) -> {
                    throw new IllegalStateException("boom " + payload.path("n").asInt());
                })
                .build();
    }

    private WorkerOptions.Builder options(TaskList tasks) {
        return WorkerOptions.builder().connectionString(database.connectionString()).taskList(tasks);
    }

    private static List<Job> addJobs(WorkerOptions options, List<JobSpec> specs) {
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.migrate();
            return utils.addJobs(specs, false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the id of the worker that ran the due jobs until none was left */
    private static String runOnce(WorkerOptions options) throws InterruptedException {
        RunningWorker worker = GraphileWorker.startOnce(options);
        assertThat(worker.await(DEADLINE)).isTrue();
        return worker.workerId();
    }
}
