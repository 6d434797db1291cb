package dev.graphileworker.postgres.recovery;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A worker in a JVM of its own, for tests to kill with {@code kill -9}: runs the task {@code block},
 * whose jobs never end. Prints {@code STARTED <worker id>} once it runs and {@code RUNNING <job id>}
 * when a job starts.
 *
 * <p>Arguments: connection string, schema, dead worker recovery time in seconds (0 turns it off).
 */
public final class DoomedWorker {

    private DoomedWorker() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        WorkerOptions options = WorkerOptions.builder()
                .connectionString(args[0])
                .schema(args[1])
                .deadWorkerRecoveryTime(Duration.ofSeconds(Long.parseLong(args[2])))
                .taskList(TaskList.builder().task("block", (payload, helpers) -> {
                    say("RUNNING " + helpers.job().id());
                    never.await();
                }).build())
                .build();
        RunningWorker worker = GraphileWorker.run(options);
        say("STARTED " + worker.workerId());
        worker.await();
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
