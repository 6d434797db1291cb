package dev.graphileworker.interop;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.time.Duration;
import java.util.Map;

/** Our worker, through the public API, with the test tasks of {@link RunLog}. */
final class JavaWorker {

    private JavaWorker() {
    }

    static WorkerOptions.Builder options(TestDatabase database, Map<String, TaskBehaviour> tasks) {
        return WorkerOptions.builder()
                .connectionString(database.connectionString())
                .taskList(RunLog.javaTasks(tasks))
                .pollInterval(Duration.ofMillis(200));
    }

    static void runOnce(TestDatabase database, Map<String, TaskBehaviour> tasks) {
        GraphileWorker.runOnce(options(database, tasks).build());
    }

    static void installSchema(TestDatabase database) {
        GraphileWorker.runMigrations(options(database, Map.of()).build());
    }

    static WorkerUtils utils(TestDatabase database) {
        return GraphileWorker.workerUtils(options(database, Map.of()).build());
    }
}
