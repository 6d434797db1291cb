package dev.graphileworker.postgres.internal.sql;

import dev.graphileworker.postgres.internal.admin.PostgresAdministration;
import dev.graphileworker.postgres.internal.presence.PostgresWorkerSessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.CleanupOptions;
import dev.graphileworker.api.CleanupResult;
import dev.graphileworker.api.CleanupTask;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the port contract does not cover: cleanup against concurrent {@code add_job} transactions,
 * stale locks, and a schema name that needs quoting (every test here uses one).
 */
@ExtendWith(PostgresDatabaseExtension.class)
class CleanupStatementsTest {

    private static final String SCHEMA = SchemaName.quote("Cleanup \"Odd\" Jobs");
    private static final Duration PATIENT = Duration.ofMinutes(1);
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final CleanupOptions EVERYTHING = CleanupOptions.of(CleanupTask.values());

    private final TestDatabase database;
    private final DataSource dataSource;
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final JobRows jobRows = new JobRows(() -> objectMapper, SCHEMA);
    private final PostgresJobStore store;

    CleanupStatementsTest(TestDatabase database) {
        this.database = database;
        dataSource = database.dataSource();
        TestMigrator.of(dataSource, "Cleanup \"Odd\" Jobs").migrate();
        store = new PostgresJobStore(dataSource, SCHEMA, jobRows);
    }

    @BeforeEach
    void emptyTheTables() throws SQLException {
        database.execute("truncate " + SCHEMA + "._private_jobs, " + SCHEMA + "._private_job_queues, " + SCHEMA
                + "._private_tasks restart identity");
    }

    @Test
    void deletesEachKindOfStaleRowInAQuotedSchema() {
        PostgresWorkerUtils utils = utils(PATIENT);
        long failed = utils.addJob("failing", null, AddJobOptions.defaults().withQueueName("failing")).id();
        utils.permanentlyFailJobs(List.of(failed), null);
        utils.completeJobs(List.of(utils.addJob("done", null, AddJobOptions.defaults().withQueueName("done")).id()));
        utils.addJob("pending", null, AddJobOptions.defaults().withQueueName("pending"));

        CleanupResult result = utils.cleanup(EVERYTHING.withTaskIdentifiersToKeep(Set.of("done")));

        assertThat(result).isEqualTo(new CleanupResult(1, 1, 2));
        assertThat(database.texts("select identifier from " + SCHEMA + "._private_tasks"))
                .containsExactlyInAnyOrder("done", "pending");
        assertThat(database.texts("select queue_name from " + SCHEMA + "._private_job_queues")).containsExactly("pending");
    }

    @Test
    void staleLocksStillProtectJobsAndQueues() throws SQLException {
        PostgresWorkerUtils utils = utils(PATIENT);
        long lastAttempt = utils.addJob("task", null, AddJobOptions.defaults().withMaxAttempts(1)).id();
        long completedByAnother = utils.addJob("task", null, AddJobOptions.defaults().withQueueName("held")).id();
        assertThat(store.claimJobs("worker-gone", Set.of("task"), Set.of(), 10)).hasSize(2);
        store.completeJobs("worker-other", List.of(completedByAnother));
        database.execute("update " + SCHEMA + "._private_jobs set locked_at = now() - interval '5 hours'");
        database.execute("update " + SCHEMA + "._private_job_queues set locked_at = now() - interval '5 hours'");

        assertThat(utils.cleanup(EVERYTHING)).isEqualTo(new CleanupResult(0, 0, 0));

        assertThat(database.texts("select id::text from " + SCHEMA + "._private_jobs"))
                .containsExactly(Long.toString(lastAttempt));
        assertThat(database.texts("select queue_name from " + SCHEMA + "._private_job_queues")).containsExactly("held");
    }

    @Test
    void waitsForATransactionAddingAJobAndKeepsTheIdentifierAndQueueItUses() throws Exception {
        PostgresWorkerUtils utils = utils(PATIENT);
        AddJobOptions inQueue = AddJobOptions.defaults().withQueueName("serial");
        utils.completeJobs(List.of(utils.addJob("task", null, inQueue).id()));
        ExecutorService cleaner = Executors.newSingleThreadExecutor();
        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            long added = utils.addJob(transaction, "task", null, inQueue).id();

            CompletableFuture<CleanupResult> cleanup = CompletableFuture.supplyAsync(() -> utils.cleanup(EVERYTHING), cleaner);
            awaitLockWait(cleanup);
            transaction.commit();

            assertThat(cleanup.get(AWAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new CleanupResult(0, 0, 0));
            List<JobRow> claimed = store.claimJobs("worker-a", Set.of("task"), Set.of(), 10);
            assertThat(claimed).extracting(JobRow::id).containsExactly(added);
            assertThat(claimed.get(0).queueName()).contains("serial");
        } finally {
            cleaner.shutdownNow();
        }
    }

    @Test
    void givesUpWithAClearErrorWhileATransactionAddingJobsStaysOpenAndDeletesNothing() throws SQLException {
        PostgresWorkerUtils patient = utils(PATIENT);
        long failed = patient.addJob("task", null, AddJobOptions.defaults()).id();
        patient.permanentlyFailJobs(List.of(failed), null);
        PostgresWorkerUtils hasty = utils(Duration.ofMillis(50));
        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            patient.addJob(transaction, "other", null, AddJobOptions.defaults());

            assertThatThrownBy(() -> hasty.cleanup(EVERYTHING))
                    .isInstanceOf(WorkerException.class)
                    .hasMessageContaining("gave up after waiting 50 ms for a lock")
                    .hasMessageContaining("Nothing was deleted");
            assertThat(database.texts("select id::text from " + SCHEMA + "._private_jobs"))
                    .containsExactly(Long.toString(failed));
            transaction.rollback();
        }

        // Patient again: autovacuum may hold a lock on the tables for a moment, which a 50 ms wait would not outlast.
        assertThat(patient.cleanup(EVERYTHING)).isEqualTo(new CleanupResult(1, 1, 0));
    }

    private PostgresWorkerUtils utils(Duration lockTimeout) {
        return new PostgresWorkerUtils(dataSource, new JobFunctions(() -> objectMapper, SCHEMA, jobRows),
                new CleanupStatements(SCHEMA, lockTimeout), new QueueDepthQuery(SCHEMA),
                new PostgresAdministration(dataSource, SCHEMA, jobRows,
                        new PostgresWorkerSessions(dataSource, SCHEMA)), () -> { }, () -> { });
    }

    /** Polls until the cleanup's session waits for a table lock; fails if it finished instead. */
    private void awaitLockWait(CompletableFuture<CleanupResult> cleanup) {
        Poll.until("the cleanup waits for a table lock", AWAIT, () -> {
            if (cleanup.isDone()) {
                fail("cleanup ran to the end without waiting for the transaction adding a job: " + cleanup.join());
            }
            return database.count("select count(*) from pg_stat_activity where datname = current_database()"
                    + " and wait_event_type = 'Lock' and query like 'lock table %'") > 0;
        });
    }
}
