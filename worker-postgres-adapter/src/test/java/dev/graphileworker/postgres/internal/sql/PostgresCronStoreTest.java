package dev.graphileworker.postgres.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.domain.CronJob;
import dev.graphileworker.domain.KnownCrontab;
import dev.graphileworker.domain.cron.CronItem;
import dev.graphileworker.domain.cron.Crontab;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.PostgresDatabaseExtension;
import dev.graphileworker.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cron store against a real PostgreSQL, in a schema whose name needs quoting: items are
 * registered, and each tick of each item becomes one job however many workers try.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class PostgresCronStoreTest {

    private static final String SCHEMA_NAME = "Cron \"Store\"";
    private static final String SCHEMA = SchemaName.quote(SCHEMA_NAME);
    private static final Instant NOW = Instant.parse("2024-06-15T12:00:30Z");
    private static final Instant TICK = Instant.parse("2024-06-15T12:00:00Z");

    private final DataSource dataSource;
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final PostgresCronStore store;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    PostgresCronStoreTest(TestDatabase database) {
        dataSource = database.dataSource();
        TestMigrator.of(dataSource, SCHEMA_NAME).migrate();
        store = new PostgresCronStore(dataSource, SCHEMA, objectMapper);
    }

    @AfterEach
    void emptyTheTables() throws SQLException {
        executor.shutdownNow();
        execute("delete from " + SCHEMA + "._private_known_crontabs");
        execute("delete from " + SCHEMA + "._private_jobs");
    }

    @Test
    void newItemsBecomeKnownSinceNowAndOnlyItemsKnownBeforeAreReturned() throws SQLException {
        execute("insert into " + SCHEMA + "._private_known_crontabs (identifier, known_since, last_execution)"
                + " values ('old', '2024-01-01T00:00:00Z', '2024-06-15T11:00:00Z')");

        Map<String, KnownCrontab> known = store.registerKnownCrontabs(List.of("old", "new"), NOW);

        assertThat(known).containsOnlyKeys("old");
        assertThat(known.get("old")).isEqualTo(new KnownCrontab("old", Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-06-15T11:00:00Z")));
        assertThat(instant("select known_since from " + SCHEMA + "._private_known_crontabs where identifier = 'new'"))
                .isEqualTo(NOW);

        Map<String, KnownCrontab> again = store.registerKnownCrontabs(List.of("old", "new"), NOW.plusSeconds(600));
        assertThat(again.get("new")).isEqualTo(new KnownCrontab("new", NOW, null));
    }

    @Test
    void tickBecomesAJobCarryingTheItemsOptionsAndPayloadDueAtTheTick() throws Exception {
        CronJob job = item("0 * * * * report ?queue=reports&priority=3&max=4 {kind: 'hourly'}").jobAt(TICK, true);

        assertThat(store.enqueueTick(TICK, List.of(job))).isEqualTo(1);

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select t.identifier as task_identifier, q.queue_name,"
                        + " j.priority, j.max_attempts, j.run_at, j.payload::text, j.key"
                        + " from " + SCHEMA + "._private_jobs j join " + SCHEMA + "._private_tasks t on t.id = j.task_id"
                        + " left join " + SCHEMA + "._private_job_queues q on q.id = j.job_queue_id")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("task_identifier")).isEqualTo("report");
            assertThat(row.getString("queue_name")).isEqualTo("reports");
            assertThat(row.getInt("priority")).isEqualTo(3);
            assertThat(row.getInt("max_attempts")).isEqualTo(4);
            assertThat(row.getObject("run_at", OffsetDateTime.class).toInstant()).isEqualTo(TICK);
            assertThat(objectMapper.readTree(row.getString("payload")).toString())
                    .isEqualTo("{\"kind\":\"hourly\",\"_cron\":{\"ts\":\"2024-06-15T12:00:00.000Z\",\"backfilled\":true}}");
            assertThat(row.getString("key")).isNull();
            assertThat(row.next()).isFalse();
        }
        assertThat(instant("select last_execution from " + SCHEMA + "._private_known_crontabs"
                + " where identifier = 'report'")).isEqualTo(TICK);
    }

    @Test
    void jobKeyAndItsModeReachAddJob() throws SQLException {
        CronItem item = item("* * * * * digest ?jobKey=digest&jobKeyMode=preserve_run_at");
        store.enqueueTick(TICK, List.of(item.jobAt(TICK, false)));
        Instant nextTick = TICK.plusSeconds(60);

        store.enqueueTick(nextTick, List.of(item.jobAt(nextTick, false)));

        // preserve_run_at: the unattempted job took the newer payload but kept its run at.
        assertThat(count("select count(*) from " + SCHEMA + "._private_jobs where key = 'digest'")).isEqualTo(1);
        assertThat(instant("select run_at from " + SCHEMA + "._private_jobs")).isEqualTo(TICK);
        assertThat(string("select payload->'_cron'->>'ts' from " + SCHEMA + "._private_jobs"))
                .isEqualTo("2024-06-15T12:01:00.000Z");
    }

    @Test
    void tickAlreadyEnqueuedOrOlderThanTheLastIsNotEnqueuedAgain() throws SQLException {
        CronItem item = item("* * * * * tick");
        assertThat(store.enqueueTick(TICK, List.of(item.jobAt(TICK, false)))).isEqualTo(1);

        assertThat(store.enqueueTick(TICK, List.of(item.jobAt(TICK, false)))).isZero();
        Instant earlier = TICK.minusSeconds(60);
        assertThat(store.enqueueTick(earlier, List.of(item.jobAt(earlier, true)))).isZero();

        assertThat(count("select count(*) from " + SCHEMA + "._private_jobs")).isEqualTo(1);
    }

    @Test
    void ofTheItemsOfOneTickOnlyThoseNotYetDoneAreEnqueued() throws SQLException {
        List<CronItem> items = Crontab.parse("* * * * * a\n* * * * * b\n* * * * * c").items();
        store.enqueueTick(TICK, List.of(items.get(1).jobAt(TICK, false)));

        int enqueued = store.enqueueTick(TICK, items.stream().map(i -> i.jobAt(TICK, false)).toList());

        assertThat(enqueued).isEqualTo(2);
        assertThat(count("select count(*) from " + SCHEMA + ".jobs")).isEqualTo(3);
    }

    @Test
    void workersRacingForTheSameTicksEnqueueEachExactlyOnce() throws Exception {
        List<CronItem> items = Crontab.parse("* * * * * a ?fill=1h\n* * * * * b {n: 2}").items();
        int workers = 8;
        int ticks = 30;
        CountDownLatch ready = new CountDownLatch(workers);
        List<Future<Integer>> results = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            PostgresCronStore workersStore = new PostgresCronStore(dataSource, SCHEMA, objectMapper);
            results.add(executor.submit(() -> {
                ready.countDown();
                ready.await();
                int enqueued = 0;
                for (int t = 0; t < ticks; t++) {
                    Instant tick = TICK.plusSeconds(60L * t);
                    enqueued += workersStore.enqueueTick(tick, items.stream().map(i -> i.jobAt(tick, false)).toList());
                }
                return enqueued;
            }));
        }

        int total = 0;
        for (Future<Integer> result : results) {
            total += result.get(60, TimeUnit.SECONDS);
        }

        assertThat(total).isEqualTo(ticks * items.size());
        assertThat(count("select count(*) from " + SCHEMA + "._private_jobs")).isEqualTo(ticks * items.size());
        assertThat(count("select count(distinct (payload->'_cron'->>'ts', task_id)) from " + SCHEMA + "._private_jobs"))
                .isEqualTo(ticks * items.size());
    }

    private static CronItem item(String line) {
        return Crontab.parse(line).items().get(0);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(string(sql));
    }

    private Instant instant(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            assertThat(row.next()).isTrue();
            return row.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    private String string(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }
}
