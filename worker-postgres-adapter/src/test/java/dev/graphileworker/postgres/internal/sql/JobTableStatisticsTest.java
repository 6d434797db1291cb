package dev.graphileworker.postgres.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.TaskLimit;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A claim that finds jobs in a table PostgreSQL has no statistics of gathers them, so that later
 * claims walk the index instead of reading and sorting every waiting job; a table that has them is
 * left alone, and so is an empty one; and a claim never waits behind another session's analysis.
 * Analyses counted with {@code pg_stat_user_tables.analyze_count}, which counts only those run by a
 * session, not by autovacuum.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class JobTableStatisticsTest {

    private static final String SCHEMA = SchemaName.quote("graphile_worker");
    private static final String JOBS = "graphile_worker._private_jobs";

    private final TestDatabase database;
    private final PostgresJobStore store;

    JobTableStatisticsTest(TestDatabase server) {
        // A database of its own for each test: statistics, once gathered, stay.
        this.database = server.createDatabase();
        TestMigrator.of(database.dataSource(), "graphile_worker").migrate();
        ObjectMapper objectMapper = new ObjectMapper();
        store = new PostgresJobStore(database.dataSource(), SCHEMA, new JobRows(() -> objectMapper, SCHEMA));
    }

    @Test
    void theFirstClaimThatFindsJobsGathersTheStatisticsPostgresLacks() {
        addJobs(1_000);
        assertThat(hasStatistics()).as("statistics before any claim").isFalse();

        assertThat(store.claimJobs("worker", Set.of("bulk"), Set.of(), 100)).hasSize(100);

        assertThat(hasStatistics()).as("statistics after the first claim").isTrue();
        assertThat(database.count("select reltuples::bigint from pg_class where oid = '" + JOBS + "'::regclass"))
                .as("jobs PostgreSQL now counts").isEqualTo(1_000);
    }

    @Test
    void aLimitedTasksClaimGathersThemToo() {
        addJobs(10);
        TaskLimit limit = WorkerOptions.builder().connectionString("postgres:///unused")
                .taskConcurrencyLimit("bulk", 5).build().taskLimits().get("bulk");

        assertThat(store.claimLimitedJobs("worker", limit, Set.of(), 5)).hasSize(5);

        assertThat(hasStatistics()).as("statistics after the first claim").isTrue();
    }

    @Test
    void aTableWithStatisticsIsNotAnalysedAgain() {
        addJobs(10);
        database.execute("analyze " + JOBS);
        long analysesBefore = analyses();

        assertThat(store.claimJobs("worker", Set.of("bulk"), Set.of(), 5)).hasSize(5);
        assertThat(store.claimJobs("worker", Set.of("bulk"), Set.of(), 5)).hasSize(5);

        assertThat(analyses()).as("analyses of the jobs table").isEqualTo(analysesBefore);
    }

    @Test
    void claimsThatFindNothingLeaveTheTableAlone() {
        for (int i = 0; i < 3; i++) {
            assertThat(store.claimJobs("worker", Set.of("bulk"), Set.of(), 100)).isEmpty();
        }

        assertThat(analyses()).as("analyses of the jobs table").isZero();
    }

    @Test
    void aClaimDoesNotWaitForAnotherSessionsAnalysisOfTheTable() throws Exception {
        addJobs(1_000);
        ExecutorService claimant = Executors.newSingleThreadExecutor();
        try (Connection analysing = database.dataSource().getConnection()) {
            // What a VACUUM or ANALYZE of the table holds while it runs.
            analysing.setAutoCommit(false);
            try (Statement lock = analysing.createStatement()) {
                lock.execute("lock table " + JOBS + " in share update exclusive mode");
            }

            Future<List<JobRow>> claim = claimant.submit(
                    () -> store.claimJobs("worker", Set.of("bulk"), Set.of(), 100));

            assertThat(claim.get(30, TimeUnit.SECONDS)).as("jobs claimed while the table is held").hasSize(100);
            assertThat(hasStatistics()).as("statistics gathered while another session holds the table").isFalse();
            analysing.rollback();
        } finally {
            claimant.shutdownNow();
        }
    }

    private void addJobs(int count) {
        database.execute("select count(*) from " + SCHEMA + ".add_jobs(array(select row('bulk', null, null, null,"
                + " null, null, null, null)::" + SCHEMA + ".job_spec from generate_series(1, " + count + ")))");
    }

    private boolean hasStatistics() {
        return database.count("select count(*) from pg_stats where schemaname = 'graphile_worker'"
                + " and tablename = '_private_jobs'") > 0;
    }

    private long analyses() {
        return database.count("select analyze_count from pg_stat_user_tables where relid = '" + JOBS + "'::regclass");
    }
}
