package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.events.WorkerEvent;
import dev.graphileworker.api.events.WorkerEventType;
import dev.graphileworker.api.metrics.MicrometerMetrics;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A running worker reports its life as events, which also feed the Micrometer meters. */
@ExtendWith(PostgresDatabaseExtension.class)
class WorkerEventsEndToEndTest {

    private static final long DEADLINE_SECONDS = 60;

    private final TestDatabase database;
    private final List<WorkerEvent> events = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    WorkerEventsEndToEndTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void aWorkersLifeArrivesAsEventsAndMeters() throws Exception {
        CountDownLatch ran = new CountDownLatch(2);
        TaskList tasks = TaskList.builder()
                .task("ok", (payload, helpers) -> ran.countDown())
                .task("broken", (payload, helpers) -> {
                    ran.countDown();
                    throw new IllegalStateException("broken on purpose");
                })
                .build();
        MicrometerMetrics metrics = new MicrometerMetrics(registry);
        WorkerOptions options = WorkerOptions.builder().connectionString(database.connectionString())
                .schema("events_e2e").taskList(tasks).eventListener(events::add).eventListener(metrics).build();
        GraphileWorker.runMigrations(options);

        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            metrics.sampleQueueDepth(utils, Duration.ofSeconds(1));
            RunningWorker worker = GraphileWorker.run(options);
            utils.addJob("ok", null, AddJobOptions.defaults());
            utils.addJob("broken", null, AddJobOptions.defaults());
            assertThat(ran.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
            worker.stop().toCompletableFuture().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            metrics.close();
        }

        assertThat(events).extracting(WorkerEvent::type).contains(WorkerEventType.WORKER_CREATE,
                WorkerEventType.POOL_LISTEN_CONNECTING, WorkerEventType.POOL_LISTEN_SUCCESS,
                WorkerEventType.WORKER_CLAIM, WorkerEventType.JOB_START, WorkerEventType.JOB_SUCCESS,
                WorkerEventType.JOB_ERROR, WorkerEventType.JOB_COMPLETE, WorkerEventType.WORKER_SETTLE,
                WorkerEventType.POOL_GRACEFUL_SHUTDOWN);
        assertThat(events.get(events.size() - 1).type()).isEqualTo(WorkerEventType.WORKER_STOP);
        assertThat(events).filteredOn(event -> event.type() == WorkerEventType.JOB_ERROR).singleElement()
                .satisfies(event -> {
                    assertThat(event.job().orElseThrow().taskIdentifier()).isEqualTo("broken");
                    assertThat(event.error().orElseThrow()).hasMessage("broken on purpose");
                });
        assertThat(registry.get("graphile_worker.jobs.succeeded").tag("task", "ok").counter().count()).isEqualTo(1);
        assertThat(registry.get("graphile_worker.jobs.retried").tag("task", "broken").counter().count()).isEqualTo(1);
        assertThat(registry.get("graphile_worker.jobs.queued").tag("state", "scheduled").gauge().value())
                .isGreaterThanOrEqualTo(0);
    }
}
