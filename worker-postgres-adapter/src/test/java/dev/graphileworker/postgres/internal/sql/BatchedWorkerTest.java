package dev.graphileworker.postgres.internal.sql;

import dev.graphileworker.postgres.internal.admin.PostgresAdministration;
import dev.graphileworker.postgres.internal.presence.PostgresWorkerSessions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.worker.Batching;
import dev.graphileworker.domain.worker.Worker;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.domain.worker.WorkerPorts;
import dev.graphileworker.domain.worker.WorkerSettings;
import dev.graphileworker.postgres.internal.listen.NotificationListener;
import dev.graphileworker.postgres.internal.schema.Migrator;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Workers whose local queues are kept full whatever their pace, claiming and settling in batches on
 * a real PostgreSQL, so that the tests know jobs wait locally while others run.
 */
@ExtendWith(PostgresDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchedWorkerTest {

    private static final String SCHEMA = SchemaName.quote("graphile_worker");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final TestDatabase database;
    private final DataSource dataSource;
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final JobRows jobRows = new JobRows(() -> objectMapper, SCHEMA);
    private final PostgresWorkerUtils admin;

    BatchedWorkerTest(TestDatabase database) {
        this.database = database;
        this.dataSource = database.dataSource();
        TestMigrator.of(dataSource, "graphile_worker").migrate();
        this.admin = new PostgresWorkerUtils(dataSource, new JobFunctions(() -> objectMapper, SCHEMA, jobRows),
                new CleanupStatements(SCHEMA, CleanupStatements.DEFAULT_LOCK_TIMEOUT), new QueueDepthQuery(SCHEMA),
                new PostgresAdministration(dataSource, SCHEMA, jobRows,
                        new PostgresWorkerSessions(dataSource, SCHEMA)),
                () -> { }, () -> { });
    }

    @BeforeEach
    void emptyTheQueue() throws SQLException {
        database.execute("truncate " + SCHEMA + "._private_jobs, " + SCHEMA + "._private_job_queues restart identity");
    }

    @Test
    void namedQueuesStaySerialInOrderWithLocalQueuesAcrossSeveralWorkers() throws Exception {
        int perQueue = 40;
        Map<String, AtomicInteger> runningPerQueue = new ConcurrentHashMap<>();
        Map<String, List<Integer>> orderPerQueue = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        List<JobSpec> specs = new ArrayList<>();
        // A queue's order is priority, then run_at, as graphile-worker's claim orders it; jobs due at one
        // instant have no order between them (a job given back by a worker can come after its peers).
        // So each job of a queue is due a millisecond after the one before, and the order is defined.
        Instant firstDue = Instant.now().minus(Duration.ofHours(1));
        for (int n = 0; n < perQueue; n++) {
            for (int q = 0; q < 4; q++) {
                specs.add(new JobSpec("job", Map.of("n", n), AddJobOptions.defaults().withQueueName("queue-" + q)
                        .withRunAt(firstDue.plusMillis(n))));
            }
            specs.add(new JobSpec("job", Map.of("n", n), AddJobOptions.defaults()));
        }
        admin.addJobs(specs, false);
        TaskList tasks = tasks("job", (payload, helpers) -> {
            String name = helpers.job().queueName().orElse(null);
            if (name == null) {
                return;
            }
            if (runningPerQueue.computeIfAbsent(name, q -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            orderPerQueue.computeIfAbsent(name, q -> new CopyOnWriteArrayList<>()).add(payload.get("n").asInt());
            Thread.yield();
            runningPerQueue.get(name).decrementAndGet();
        });

        List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(worker(tasks, 4, new Batching(50, Duration.ofMinutes(10), null, 16, Duration.ofMillis(5)))
                    .startOnce());
        }
        for (Worker worker : workers) {
            assertThat(worker.await(DEADLINE)).isTrue();
        }

        assertThat(overlaps.get()).isZero();
        List<Integer> inOrder = IntStream.range(0, perQueue).boxed().toList();
        assertThat(orderPerQueue).hasSize(4).allSatisfy((name, order) -> assertThat(order).isEqualTo(inOrder));
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs")).isZero();
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_job_queues where locked_by is not null"))
                .isZero();
    }

    @Test
    void stoppingGivesBackJobsWaitingLocallyWritesPendingResultsAndLeavesNothingLocked() throws Exception {
        CountDownLatch blockerStarted = new CountDownLatch(1);
        long quick = admin.addJob("quick", null, AddJobOptions.defaults().withPriority(1)).id();
        admin.addJob("block", null, AddJobOptions.defaults().withPriority(2));
        for (int i = 0; i < 3; i++) {
            admin.addJob("quick", null, AddJobOptions.defaults().withPriority(3).withQueueName("q" + i));
        }
        TaskList tasks = TaskList.builder()
                .task("quick", (payload, helpers) -> { })
                .task("block", (payload, helpers) -> {
                    CountDownLatch aborted = new CountDownLatch(1);
                    helpers.abortSignal().onAbort(aborted::countDown);
                    blockerStarted.countDown();
                    aborted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                })
                .build();
        Worker worker = worker(tasks, 1, new Batching(10, Duration.ofMinutes(10), null, 100, Duration.ofHours(1)))
                .start();

        assertThat(blockerStarted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // The quick job has run; its result waits for the batch while the others are held.
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs where id = " + quick)).isEqualTo(1);
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs where locked_by is not null"))
                .isEqualTo(5);
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_job_queues where locked_by is not null"))
                .isEqualTo(3);

        worker.stop().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs")).isEqualTo(3);
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_jobs where locked_by is not null"
                + " or locked_at is not null or attempts > 0")).isZero();
        assertThat(database.count("select count(*) from " + SCHEMA + "._private_job_queues where locked_by is not null"))
                .isZero();
    }

    private Worker worker(TaskList tasks, int concurrency, Batching batching) {
        WorkerSettings settings = new WorkerSettings(WorkerIds.newPlain(), concurrency,
                Duration.ofMillis(200), tasks, Set.of(), Duration.ZERO, batching);
        WorkerPorts ports = new WorkerPorts(new PostgresJobStore(dataSource, SCHEMA, jobRows), admin,
                new NotificationListener(dataSource, () -> objectMapper, Migrator.CURRENT_REVISION, "batched-listener",
                        Optional.empty(), Clock.systemUTC()),
                (job, workerId, abortSignal) -> new PostgresJobHelpers(job, workerId, abortSignal, admin,
                        PayloadMapper.jackson(objectMapper), dataSource));
        return new Worker(settings, ports, Clock.systemUTC(), WorkerEvents.none(), () -> { });
    }

    private static TaskList tasks(String identifier, TaskHandler handler) {
        return TaskList.builder().task(identifier, handler).build();
    }
}
