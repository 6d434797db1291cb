package dev.graphileworker.cli.internal.run;

import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import java.util.concurrent.atomic.LongAdder;

/** Counts the jobs a task list's handlers finish, successfully or not, for progress lines. */
public final class FinishedJobCounter {

    private final LongAdder finished = new LongAdder();

    /**
     * @param tasks the tasks to count
     * @return the same tasks, each counting its finished runs
     */
    public TaskList count(TaskList tasks) {
        TaskList.Builder counted = TaskList.builder();
        for (String identifier : tasks.identifiers()) {
            TaskHandler handler = tasks.handler(identifier).orElseThrow();
            TaskHandler counting = (payload, helpers) -> {
                try {
                    handler.run(payload, helpers);
                } finally {
                    finished.increment();
                }
            };
            counted.task(identifier, handler.timeout()
                    .map(timeout -> TaskHandler.withTimeout(timeout, counting)).orElse(counting));
        }
        return counted.build();
    }

    /** @return how many jobs have finished so far */
    public long finished() {
        return finished.sum();
    }
}
