package dev.graphileworker.postgres.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.admin.Activity;
import dev.graphileworker.api.admin.CronItemView;
import dev.graphileworker.postgres.internal.presence.PostgresWorkerSessions;
import dev.graphileworker.postgres.internal.schema.HistorySchema;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.postgres.internal.sql.JobRows;
import dev.graphileworker.postgres.internal.sql.PostgresCronStore;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the SQL decides: the minute each row falls in (at its edges, to the microsecond), which rows
 * count, when the history is the source, and next runs on the clock the administration is given.
 * Rows are placed relative to the database's current minute; minutes are compared by their start, so
 * a minute that turns between setting up and reading moves the window, not the expectations.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class ActivityAndCrontabTest {

    private static final String SCHEMA = SchemaName.quote("graphile_worker");
    private static final String HISTORY = HistorySchema.quotedNameFor("graphile_worker");

    private final TestDatabase database;
    private final DataSource dataSource;
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final JobRows jobRows = new JobRows(() -> objectMapper, SCHEMA);
    private Instant currentMinute;

    ActivityAndCrontabTest(TestDatabase database) {
        this.database = database;
        this.dataSource = database.dataSource();
        TestMigrator.of(dataSource, "graphile_worker").migrate();
    }

    @BeforeEach
    void emptyQueueWithoutHistory() {
        database.execute("truncate " + SCHEMA + "._private_jobs, " + SCHEMA + "._private_known_crontabs");
        database.execute("drop schema if exists " + HISTORY + " cascade");
        currentMinute = Instant.ofEpochSecond(database.count("select floor(extract(epoch from now()) / 60)::bigint * 60"));
    }

    @Test
    void withoutHistoryEachJobWithAnErrorCountsOnceInTheMinuteOfItsUpdatedAt() {
        failedJob(minutesAgo(10), "failed", false);
        failedJob(minutesAgo(10).minusNanos(1_000), "failed", false);
        failedJob(minutesAgo(9).minusNanos(1_000), "failed", false);
        failedJob(minutesAgo(20), "permanently failed", true);
        failedJob(minutesAgo(20).plusSeconds(1), "retrying now", false);
        database.execute("update " + SCHEMA + "._private_jobs set locked_by = 'worker-a', locked_at = now()"
                + " where last_error = 'retrying now'");
        failedJob(minutesAgo(180), "too old", false);
        database.execute("select " + SCHEMA + ".add_job('never_failed')");
        database.execute("update " + SCHEMA + "._private_jobs set updated_at = '" + minutesAgo(10) + "'"
                + " where last_error is null");

        Activity activity = administration().activity(Duration.ofHours(1));

        assertThat(activity.source()).isEqualTo(Activity.Source.OBSERVED);
        assertThat(failuresByMinute(activity)).isEqualTo(Map.of(minutesAgo(20), 2L, minutesAgo(11), 1L,
                minutesAgo(10), 2L));
    }

    @Test
    void withHistoryEntriesCountInTheMinuteTheyFinishedAndTheJobsTableIsNotRead() {
        new HistorySchema(dataSource, "graphile_worker").install();
        entry(minutesAgo(10), "completed");
        entry(minutesAgo(9).minusNanos(1_000), "completed");
        entry(minutesAgo(10).minusNanos(1_000), "permanently_failed");
        entry(minutesAgo(180), "completed");
        failedJob(minutesAgo(10), "failed", false);

        Activity activity = administration().activity(Duration.ofHours(1));

        assertThat(activity.source()).isEqualTo(Activity.Source.HISTORY);
        Map<Instant, List<Long>> counted = new TreeMap<>();
        for (Activity.Minute minute : activity.minutes()) {
            if (minute.completed().getAsLong() > 0 || minute.failed() > 0) {
                counted.put(minute.start(), List.of(minute.completed().getAsLong(), minute.failed()));
            }
        }
        assertThat(counted).isEqualTo(Map.of(minutesAgo(11), List.of(0L, 1L), minutesAgo(10), List.of(2L, 0L)));
    }

    @Test
    void anEmptyHistoryIsAHistoryOfZeros() {
        new HistorySchema(dataSource, "graphile_worker").install();
        failedJob(minutesAgo(1), "failed", false);

        Activity activity = administration().activity(Duration.ofMinutes(5));

        assertThat(activity.source()).isEqualTo(Activity.Source.HISTORY);
        assertThat(activity.totalCompleted()).hasValue(0);
        assertThat(activity.totalFailed()).isZero();
    }

    @Test
    void crontabNextRunsComeFromTheGivenClockAndItemsOnlyTheDatabaseKnowsAreListed() {
        Instant since = Instant.parse("2024-06-01T00:00:00Z");
        Instant tick = Instant.parse("2024-06-15T12:00:00Z");
        // As a Node.js worker with another crontab leaves them.
        database.execute("insert into " + SCHEMA + "._private_known_crontabs (identifier, known_since, last_execution)"
                + " values ('node_cleanup', '" + since + "', '" + tick + "'), ('sync_stock', '" + since + "', null)");
        PostgresAdministration administration = new PostgresAdministration(dataSource, SCHEMA, jobRows,
                new PostgresWorkerSessions(dataSource, SCHEMA), new PostgresCronStore(dataSource, SCHEMA,
                        () -> objectMapper), Clock.fixed(Instant.parse("2024-06-15T12:07:30Z"), ZoneOffset.UTC));

        List<CronItemView> views = administration.crontab(
                "*/15 * * * * sync_stock\n0 4 * * * report ?tz=Europe/Paris", ZoneId.of("America/New_York"));

        assertThat(views).containsExactly(
                new CronItemView("sync_stock", true, Optional.of("sync_stock"), Optional.of("*/15 * * * *"),
                        Optional.of(ZoneId.of("America/New_York")), Optional.of(since), Optional.empty(),
                        Optional.of(Instant.parse("2024-06-15T12:15:00Z"))),
                new CronItemView("report", true, Optional.of("report"), Optional.of("0 4 * * *"),
                        Optional.of(ZoneId.of("Europe/Paris")), Optional.empty(), Optional.empty(),
                        Optional.of(Instant.parse("2024-06-16T02:00:00Z"))),
                new CronItemView("node_cleanup", false, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(since), Optional.of(tick), Optional.empty()));
    }

    private PostgresAdministration administration() {
        return new PostgresAdministration(dataSource, SCHEMA, jobRows, new PostgresWorkerSessions(dataSource, SCHEMA));
    }

    private Instant minutesAgo(int minutes) {
        return currentMinute.minus(Duration.ofMinutes(minutes));
    }

    /** A job with an error, last updated at the given instant. */
    private void failedJob(Instant updatedAt, String error, boolean outOfAttempts) {
        database.execute("select " + SCHEMA + ".add_job('flaky', max_attempts => 3)");
        database.execute("update " + SCHEMA + "._private_jobs set last_error = '" + error + "', updated_at = '"
                + updatedAt + "', attempts = " + (outOfAttempts ? 3 : 1) + " where last_error is null"
                + " and id = (select max(id) from " + SCHEMA + "._private_jobs)");
    }

    private void entry(Instant finishedAt, String outcome) {
        database.execute("insert into " + HISTORY + "." + HistorySchema.TABLE + " (job_id, task_identifier, payload,"
                + " attempts, outcome, worker_id, finished_at, run_time) values (1, 'task', '{}', 1, '" + outcome
                + "', 'worker-a', '" + finishedAt + "', interval '1 second')");
    }

    private static Map<Instant, Long> failuresByMinute(Activity activity) {
        Map<Instant, Long> failures = new TreeMap<>();
        activity.minutes().stream().filter(minute -> minute.failed() > 0)
                .forEach(minute -> failures.put(minute.start(), minute.failed()));
        return failures;
    }
}
