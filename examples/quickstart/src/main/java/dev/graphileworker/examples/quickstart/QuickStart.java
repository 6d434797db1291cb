package dev.graphileworker.examples.quickstart;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.TaskDefinition;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;

/**
 * The quick start: adds two jobs, one in a named queue, then runs a worker until the
 * queue is empty. Uses {@code DATABASE_URL}, else the PostgreSQL server on 127.0.0.1:5432.
 */
public final class QuickStart {

    /** The payload of the {@code hello} task, bound from JSON. */
    public record Greeting(String name) {
        /** The task, declared once: registered below and used to add its jobs, checked by the compiler. */
        public static final TaskDefinition<Greeting> HELLO = TaskDefinition.of("hello", Greeting.class);
    }

    private QuickStart() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception when the database cannot be used
     */
    public static void main(String[] args) throws Exception {
        String database = System.getenv().getOrDefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres");
        TaskList tasks = TaskList.builder()
                .task(Greeting.HELLO, (greeting, helpers) -> helpers.logger().info("Hello, {}!", greeting.name()))
                .build();
        WorkerOptions options = WorkerOptions.builder()
                .connectionString(database)
                .concurrency(2)
                .taskList(tasks)
                .build();

        GraphileWorker.runMigrations(options);
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.addJob(Greeting.HELLO, new Greeting("Java"));
            utils.addJob(Greeting.HELLO, new Greeting("Bobby Tables"), AddJobOptions.defaults().withQueueName("greetings"));
        }
        GraphileWorker.runOnce(options);
        System.out.println("The queue is empty: every job ran.");
    }
}
