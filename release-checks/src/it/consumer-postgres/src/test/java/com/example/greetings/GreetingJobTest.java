package com.example.greetings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresDatabaseExtension.class)
class GreetingJobTest {

    record Greeting(String name) {
    }

    @Test
    void aJobAddedThroughTheUtilitiesRunsOnARealDatabase(TestDatabase database) throws Exception {
        List<String> greeted = new CopyOnWriteArrayList<>();
        TaskList tasks = TaskList.builder()
                .task("greet", TaskHandler.typed(Greeting.class, (greeting, helpers) -> greeted.add(greeting.name())))
                .build();
        WorkerOptions options = WorkerOptions.builder().dataSource(database.dataSource()).taskList(tasks).build();
        GraphileWorker.runMigrations(options);
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.addJob("greet", Map.of("name", "Ada"), AddJobOptions.defaults());
        }

        GraphileWorker.runOnce(options);

        assertEquals(List.of("Ada"), greeted);
        assertEquals(0, database.count("select count(*) from graphile_worker.jobs"));
    }
}
