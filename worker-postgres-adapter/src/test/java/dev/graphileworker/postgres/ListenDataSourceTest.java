package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.postgres.internal.presence.SessionName;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code WorkerOptions.listenDataSource}: the worker's one long-lived connection, which LISTENs for
 * new jobs and carries the worker's session name, comes from the listen data source and never from
 * the main one; without one, it is opened beside the application's HikariCP pool; and jobs still
 * arrive by notification, long before the next poll.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class ListenDataSourceTest {

    /** Far beyond any poll: a job run within it was heard of, not polled for. */
    private static final Duration NOTIFIED_WITHIN = Duration.ofSeconds(10);

    private final TestDatabase database;

    ListenDataSourceTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void theListeningSessionComesFromTheListenDataSourceAndJobsStillArriveAtOnce() throws Exception {
        RecordingDataSource main = new RecordingDataSource(database.dataSource());
        RecordingDataSource listen = new RecordingDataSource(database.dataSource());
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        WorkerOptions options = WorkerOptions.builder().dataSource(main).listenDataSource(listen)
                .schema("listen_apart").pollInterval(Duration.ofHours(1))
                .taskList(TaskList.builder()
                        .task("first", (payload, helpers) -> first.countDown())
                        .task("second", (payload, helpers) -> second.countDown())
                        .build())
                .build();

        try (RunningWorker worker = GraphileWorker.run(options)) {
            String session = SessionName.of(worker.workerId());
            Poll.until("the worker's session shows", () -> sessions(session) == 1);
            int listeningPid = (int) database.count("select pid from pg_stat_activity"
                    + " where datname = current_database() and application_name = '" + session + "'");
            assertThat(listen.connections()).isEqualTo(1);
            assertThat(listen.backendPids()).containsExactly(listeningPid);
            assertThat(main.backendPids()).doesNotContain(listeningPid);
            assertThat(listen.plainStatements()).anySatisfy(sql -> assertThat(sql).startsWith("LISTEN"));
            assertThat(main.plainStatements()).noneSatisfy(sql -> assertThat(sql).startsWith("LISTEN"));

            // The worker's first claim is over once a job added through it has run...
            worker.addJob("first", Map.of(), AddJobOptions.defaults());
            assertThat(first.await(Poll.DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the first job ran").isTrue();
            Thread.sleep(500);
            // ...so with an hour between polls, only the notification can bring this one in time.
            database.execute("select listen_apart.add_job('second')");
            assertThat(second.await(NOTIFIED_WITHIN.toSeconds(), TimeUnit.SECONDS))
                    .as("the job added with SQL ran within %s, notified on the listen data source's connection",
                            NOTIFIED_WITHIN)
                    .isTrue();
        }
        // The worker let go of the listening connection as it stopped.
        assertThat(database.count("select count(*) from pg_stat_activity where pid in ("
                + listen.backendPids().iterator().next() + ")")).isZero();
    }

    @Test
    void withAConnectionStringTheListeningSessionStillComesFromTheListenDataSource() throws Exception {
        RecordingDataSource listen = new RecordingDataSource(database.dataSource());
        WorkerOptions options = WorkerOptions.builder().connectionString(database.connectionString())
                .listenDataSource(listen).schema("listen_apart_url").build();

        try (RunningWorker worker = GraphileWorker.run(options)) {
            String session = SessionName.of(worker.workerId());
            Poll.until("the worker's session shows", () -> sessions(session) == 1);
            assertThat(listen.backendPids()).containsExactly((int) database.count("select pid from pg_stat_activity"
                    + " where datname = current_database() and application_name = '" + session + "'"));
        }
    }

    @Test
    void givenTheApplicationsHikariPoolTheWorkerListensBesideItAndJobsStillArriveAtOnce() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(database.jdbcUrl());
            pool.setUsername(database.user());
            pool.setPassword(database.password());
            pool.setMaximumPoolSize(3);
            WorkerOptions options = WorkerOptions.builder().dataSource(pool).schema("listen_beside")
                    .pollInterval(Duration.ofHours(1))
                    .taskList(TaskList.builder().task("notified", (payload, helpers) -> ran.countDown()).build())
                    .build();

            try (RunningWorker worker = GraphileWorker.run(options)) {
                String session = SessionName.of(worker.workerId());
                Poll.until("the worker's session shows", () -> sessions(session) == 1);
                // Borrowed from the pool, the listening connection would stay active for the worker's life.
                Poll.until("the pool lends no connection while the worker waits",
                        () -> pool.getHikariPoolMXBean().getActiveConnections() == 0);

                database.execute("select listen_beside.add_job('notified')");
                assertThat(ran.await(NOTIFIED_WITHIN.toSeconds(), TimeUnit.SECONDS))
                        .as("the job added with SQL ran within %s, notified beside the pool", NOTIFIED_WITHIN)
                        .isTrue();
            }
        }
    }

    private long sessions(String applicationName) {
        return database.count("select count(*) from pg_stat_activity"
                + " where datname = current_database() and application_name = '" + applicationName + "'");
    }
}
