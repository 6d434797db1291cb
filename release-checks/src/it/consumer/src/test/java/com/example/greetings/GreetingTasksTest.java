package com.example.greetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.testkit.InMemoryJobQueue;
import dev.graphileworker.testkit.InMemoryWorker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreetingTasksTest {

    @Test
    void aGreetingJobGreetsAndIsGone() {
        InMemoryJobQueue queue = new InMemoryJobQueue();
        List<String> greeted = new ArrayList<>();
        queue.addJob("greet", new GreetingTasks.Greeting("Ada"), AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(GreetingTasks.taskList(greeted::add), queue);

        assertEquals(List.of("Ada"), greeted);
        assertTrue(queue.jobs().isEmpty());
    }
}
