package dev.graphileworker.postgres.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.graphileworker.api.TaskLimit;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.postgres.internal.schema.LimitsSchema;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A claim commits without waiting for a disk flush unless claims are durable; completing a job
 * always waits. Counted with PostgreSQL's own statistics ({@code pg_stat_wal.wal_sync}, the WAL
 * flushes of the whole server), read on the one connection that made the claims after forcing that
 * connection to report them, so that the count is complete when read.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class ClaimCommitTest {

    private static final String SCHEMA = SchemaName.quote("graphile_worker");
    private static final String LIMITS = LimitsSchema.quotedNameFor("graphile_worker");
    private static final int CLAIMS = 40;

    private final TestDatabase database;
    private final HikariDataSource oneConnection;
    private final JobRows jobRows;

    ClaimCommitTest(TestDatabase database) {
        this.database = database;
        TestMigrator.of(database.dataSource(), "graphile_worker").migrate();
        new LimitsSchema(database.dataSource(), "graphile_worker").install();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(1);
        oneConnection = new HikariDataSource(config);
        ObjectMapper objectMapper = new ObjectMapper();
        jobRows = new JobRows(() -> objectMapper, SCHEMA);
        database.execute("delete from " + SCHEMA + "._private_jobs");
        database.execute("select count(*) from " + SCHEMA + ".add_jobs(array(select row('claimed', null, null, null,"
                + " null, null, null, null)::" + SCHEMA + ".job_spec from generate_series(1, " + 2 * CLAIMS + ")))");
    }

    @AfterEach
    void closePool() {
        oneConnection.close();
    }

    @Test
    void claimsDoNotWaitForTheDiskUnlessDurable() throws SQLException {
        assumeServerFlushesEachCommit();
        PostgresJobStore store = store(false);
        PostgresJobStore durable = store(true);

        int flushesOfClaims = flushesDuring(() -> claimOneByOne(store));
        int flushesOfDurableClaims = flushesDuring(() -> claimOneByOne(durable));

        assertThat(flushesOfDurableClaims).as("disk flushes of %d durable claims", CLAIMS)
                .isGreaterThanOrEqualTo(CLAIMS / 2);
        assertThat(flushesOfClaims).as("disk flushes of %d claims", CLAIMS).isLessThan(CLAIMS / 5);
    }

    @Test
    void claimsOfALimitedTaskDoNotWaitForTheDiskEither() throws SQLException {
        assumeServerFlushesEachCommit();
        PostgresJobStore store = store(false);
        TaskLimit limit = WorkerOptions.builder().connectionString("postgres:///unused")
                .taskConcurrencyLimit("claimed", 2 * CLAIMS).build().taskLimits().get("claimed");

        int flushes = flushesDuring(() -> {
            int claimed = 0;
            for (int i = 0; i < CLAIMS; i++) {
                claimed += store.claimLimitedJobs("worker", limit, Set.of(), 1).size();
            }
            return claimed;
        });

        assertThat(flushes).as("disk flushes of %d claims of a limited task", CLAIMS).isLessThan(CLAIMS / 5);
    }

    @Test
    void completingAJobWaitsForTheDisk() throws SQLException {
        assumeServerFlushesEachCommit();
        PostgresJobStore store = store(false);
        List<JobRow> claimed = store.claimJobs("worker", Set.of("claimed"), Set.of(), CLAIMS);

        int flushes = flushesDuring(() -> {
            claimed.forEach(job -> store.completeJobs("worker", List.of(job.id())));
            return claimed.size();
        });

        assertThat(flushes).as("disk flushes of %d completions", CLAIMS).isGreaterThanOrEqualTo(CLAIMS / 2);
    }

    private PostgresJobStore store(boolean durableClaims) {
        return new PostgresJobStore(oneConnection, SCHEMA, jobRows, Optional.empty(), Optional.of(LIMITS),
                durableClaims);
    }

    private int claimOneByOne(PostgresJobStore store) {
        int claimed = 0;
        for (int i = 0; i < CLAIMS; i++) {
            claimed += store.claimJobs("worker", Set.of("claimed"), Set.of(), 1).size();
        }
        return claimed;
    }

    /** The server's WAL flushes while {@code work} runs on the one connection; it must claim {@link #CLAIMS} jobs. */
    private int flushesDuring(IntSupplier work) throws SQLException {
        long before = walSyncs();
        assertThat(work.getAsInt()).isEqualTo(CLAIMS);
        return Math.toIntExact(walSyncs() - before);
    }

    private long walSyncs() throws SQLException {
        try (Connection connection = oneConnection.getConnection(); Statement statement = connection.createStatement()) {
            // A backend reports its statistics when idle, at most once a second unless forced; forced,
            // it reports before answering its next statement.
            statement.execute("select pg_stat_force_next_flush()");
            try (ResultSet row = statement.executeQuery("select wal_sync from pg_stat_wal")) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Where the server does not flush the WAL at each commit, there is nothing to count. */
    private void assumeServerFlushesEachCommit() {
        assumeTrue(database.count("select current_setting('server_version_num')::int") >= 150000,
                "pg_stat_force_next_flush needs PostgreSQL 15");
        assumeTrue(database.text("select current_setting('fsync')").equals("on"), "fsync is off");
        assumeTrue(database.text("select current_setting('synchronous_commit')").equals("on"),
                "synchronous_commit is not on");
        assumeTrue(!database.text("select current_setting('wal_sync_method')").startsWith("open"),
                "open_sync and open_datasync are not counted as flushes");
    }
}
