package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code WorkerOptions.jobThreadFactory}: handlers run on the application's threads, timed ones too; a run
 * that ends once done makes only as many runner threads as it has jobs to run, up to the concurrency.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class JobThreadFactoryTest {

    private final TestDatabase database;
    private final List<Thread> ranOn = new CopyOnWriteArrayList<>();

    JobThreadFactoryTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void handlersRunOnThreadsOfTheGivenFactory() {
        Set<Thread> made = ConcurrentHashMap.newKeySet();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "application-job-" + count.incrementAndGet());
            made.add(thread);
            return thread;
        };
        WorkerOptions options = options("threads_given").concurrency(3).jobThreadFactory(factory).build();

        runSixJobs(options);

        assertThat(ranOn).hasSize(6).allSatisfy(thread -> assertThat(made).contains(thread));
    }

    @Test
    void withoutAFactoryHandlersRunOnTheWorkersOwnNamedThreads() {
        WorkerOptions options = options("threads_default").concurrency(3).build();

        runSixJobs(options);

        assertThat(ranOn).hasSize(6).extracting(Thread::getName)
                .allSatisfy(name -> assertThat(name).matches("graphile-worker-(.+-job-\\d+|timed-task)"));
    }

    @Test
    void aRunThatEndsOnceDoneStartsARunnerOnlyForEachJobItClaims() {
        AtomicInteger made = new AtomicInteger();
        WorkerOptions options = options("threads_once").concurrency(8)
                .jobThreadFactory(runnable -> new Thread(runnable, "counted-job-" + made.incrementAndGet())).build();
        GraphileWorker.runMigrations(options);

        GraphileWorker.runOnce(options);
        assertThat(made).hasValue(0);

        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.addJob("plain", null, AddJobOptions.defaults());
            utils.addJob("plain", null, AddJobOptions.defaults());
        }
        GraphileWorker.runOnce(options);
        assertThat(ranOn).hasSize(2);
        assertThat(made).hasValue(2);
    }

    private void runSixJobs(WorkerOptions options) {
        GraphileWorker.runMigrations(options);
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            for (int i = 0; i < 3; i++) {
                utils.addJob("plain", null, AddJobOptions.defaults());
                utils.addJob("timed", null, AddJobOptions.defaults());
            }
        }
        GraphileWorker.runOnce(options);
    }

    private WorkerOptions.Builder options(String schema) {
        return WorkerOptions.builder().connectionString(database.connectionString()).schema(schema)
                .taskList(TaskList.builder()
                        .task("plain", (payload, helpers) -> ranOn.add(Thread.currentThread()))
                        .task("timed", TaskHandler.withTimeout(Duration.ofSeconds(30),
                                (payload, helpers) -> ranOn.add(Thread.currentThread())))
                        .build());
    }
}
