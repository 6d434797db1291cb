package dev.graphileworker.postgres.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.JobCompletion;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.postgres.internal.schema.HistorySchema;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store's statements when history is kept: a job is recorded in the statement that completes or
 * fails it for good, so that one never happens without the other; without history, nothing is recorded
 * even when the history table exists. And the history schema is created once by many at once.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class HistoryRecordingStoreTest {

    private static final String SCHEMA = SchemaName.quote("graphile_worker");
    private static final String HISTORY = "graphile_worker_history.job_history";
    private static final String WORKER = "worker-1";

    private final TestDatabase database;
    private final DataSource dataSource;
    private final JobRows jobRows;

    HistoryRecordingStoreTest(TestDatabase database) {
        this.database = database;
        this.dataSource = database.dataSource();
        TestMigrator.of(dataSource, "graphile_worker").migrate();
        ObjectMapper objectMapper = new ObjectMapper();
        jobRows = new JobRows(() -> objectMapper, SCHEMA);
    }

    @BeforeEach
    void freshQueueAndHistory() {
        database.execute("truncate " + SCHEMA + "._private_jobs, " + SCHEMA + "._private_job_queues restart identity;"
                + " drop schema if exists graphile_worker_history cascade");
        new HistorySchema(dataSource, "graphile_worker").install();
    }

    @Test
    void aCompletionTheHistoryRefusesIsNotMadeEither() {
        long refused = addJob("refused", "queue_name => 'q'");
        long accepted = addJob("accepted", null);
        database.execute("alter table " + HISTORY + " add constraint no_refused check (task_identifier <> 'refused')");
        PostgresJobStore store = historyStore();
        store.claimJobs(WORKER, Set.of("refused", "accepted"), Set.of(), 10);

        assertThatThrownBy(() -> store.completeJobsWithRunTimes(WORKER, List.of(
                new JobCompletion(refused, Duration.ofMillis(3)), new JobCompletion(accepted, Duration.ofMillis(4)))))
                .isInstanceOf(WorkerException.class).hasMessageContaining("no_refused");

        // Neither job completed, neither recorded, the queue still locked: the statement is all or nothing.
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs where locked_by = '" + WORKER + "'"))
                .isEqualTo(2);
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_job_queues where locked_by = '"
                + WORKER + "'")).isEqualTo(1);
        assertThat(database.count("select count(*) from " + HISTORY)).isZero();

        store.completeJobsWithRunTimes(WORKER, List.of(new JobCompletion(accepted, Duration.ofMillis(4))));
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs where id = " + accepted)).isZero();
        assertThat(database.texts("select job_id || ' ' || run_time from " + HISTORY))
                .containsExactly(accepted + " 00:00:00.004");
    }

    @Test
    void aFinalFailureTheHistoryRefusesIsNotRecordedOnTheJobEither() {
        long refused = addJob("refused", "max_attempts => 1");
        database.execute("alter table " + HISTORY + " add constraint no_refused check (task_identifier <> 'refused')");
        PostgresJobStore store = historyStore();
        store.claimJobs(WORKER, Set.of("refused"), Set.of(), 10);

        assertThatThrownBy(() -> store.failJobs(WORKER, List.of(new JobFailure(refused, "fatal", Duration.ZERO))))
                .isInstanceOf(WorkerException.class);

        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs where id = " + refused
                + " and last_error is null and locked_by = '" + WORKER + "'")).isEqualTo(1);
        assertThat(database.count("select count(*) from " + HISTORY)).isZero();
    }

    @Test
    void settlingInOneStatementRecordsOnlyCompletionsAndLastAttemptsAndUnlocksQueues() {
        long done = addJob("t", "queue_name => 'q1'");
        long lastTry = addJob("t", "max_attempts => 1, queue_name => 'q2'");
        long willRetry = addJob("t", "max_attempts => 2");
        PostgresJobStore store = historyStore();
        store.claimJobs(WORKER, Set.of("t"), Set.of(), 10);

        store.completeJobsWithRunTimes(WORKER, List.of(new JobCompletion(done, Duration.ofMillis(1500))));
        store.failJobs(WORKER, List.of(new JobFailure(lastTry, "fatal", Duration.ZERO).withRunTime(Duration.ofMillis(2)),
                new JobFailure(willRetry, "again", Duration.ofMinutes(1)).withRunTime(Duration.ofMillis(5))));

        assertThat(database.texts("select job_id || ' ' || outcome || ' ' || coalesce(last_error, '-') || ' '"
                + " || queue_name || ' ' || worker_id || ' ' || run_time from " + HISTORY + " order by entry_id"))
                .containsExactly(done + " completed - q1 " + WORKER + " 00:00:01.5",
                        lastTry + " permanently_failed fatal q2 " + WORKER + " 00:00:00.002");
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_job_queues where locked_by is not null"))
                .isZero();
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs where locked_by is not null"))
                .isZero();
    }

    @Test
    void completionsWithoutRunTimesAreRecordedWithARunTimeOfZero() {
        long done = addJob("t", "queue_name => 'q1'");
        PostgresJobStore store = historyStore();
        store.claimJobs(WORKER, Set.of("t"), Set.of(), 10);

        store.completeJobs(WORKER, List.of(done));

        assertThat(database.texts("select job_id || ' ' || outcome || ' ' || run_time from " + HISTORY))
                .containsExactly(done + " completed 00:00:00");
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_job_queues where locked_by is not null"))
                .isZero();
    }

    @Test
    void aStoreWithoutHistoryRecordsNothingEvenWhenTheTableExists() {
        long done = addJob("t", null);
        long failed = addJob("t", "max_attempts => 1");
        PostgresJobStore store = new PostgresJobStore(dataSource, SCHEMA, jobRows);
        store.claimJobs(WORKER, Set.of("t"), Set.of(), 10);

        store.completeJobsWithRunTimes(WORKER, List.of(new JobCompletion(done, Duration.ofMillis(1))));
        store.failJobs(WORKER, List.of(new JobFailure(failed, "fatal", Duration.ZERO)));

        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs")).isEqualTo(1);
        assertThat(database.count("select count(*) from " + HISTORY)).isZero();
    }

    @Test
    void manyInstallingAtOnceCreateTheHistoryOnceAndAllSucceed() throws Exception {
        database.execute("drop schema graphile_worker_history cascade");
        int installers = 8;
        CyclicBarrier together = new CyclicBarrier(installers);
        ExecutorService threads = Executors.newFixedThreadPool(installers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < installers; i++) {
                done.add(threads.submit(() -> {
                    together.await(60, TimeUnit.SECONDS);
                    new HistorySchema(dataSource, "graphile_worker").install();
                    return null;
                }));
            }
            for (Future<?> installed : done) {
                installed.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(database.texts("select indexname from pg_indexes where schemaname = 'graphile_worker_history'"
                + " order by 1")).containsExactly("job_history_finished_at_idx", "job_history_job_id_idx",
                        "job_history_pkey");
        new HistorySchema(dataSource, "graphile_worker").install();
        assertThat(database.count("select count(*) from pg_class where relname = 'job_history'")).isEqualTo(1);
    }

    /** Through graphile-worker's own SQL function: the job as any client adds it. */
    private long addJob(String task, String namedArguments) {
        return database.count("select id from " + SCHEMA + ".add_job('" + task + "'"
                + (namedArguments == null ? "" : ", " + namedArguments) + ")");
    }

    private PostgresJobStore historyStore() {
        return new PostgresJobStore(dataSource, SCHEMA, jobRows, Optional.of(HistorySchema.quotedNameFor("graphile_worker")));
    }
}
