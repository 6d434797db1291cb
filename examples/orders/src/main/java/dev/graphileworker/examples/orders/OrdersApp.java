package dev.graphileworker.examples.orders;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.graphileworker.api.ConnectionString;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.QueueDepth;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order service end to end: installs the queue's schema and the orders table, places three
 * orders (each enqueuing its jobs in the order's transaction), runs a worker until every job is done
 * and stops it gracefully. Uses {@code DATABASE_URL}, else the PostgreSQL server on 127.0.0.1:5432.
 */
public final class OrdersApp {

    private static final Logger log = LoggerFactory.getLogger(OrdersApp.class);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private OrdersApp() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception when the database cannot be used
     */
    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres");
        // One pool for the application and the worker: orders and jobs live in the same database.
        // The pool wants a JDBC URL with the user and password apart; ConnectionString reads either form.
        ConnectionString database = ConnectionString.parse(url, "DATABASE_URL");
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setJdbcUrl(database.jdbcUrl());
        poolConfig.setDataSourceProperties(database.properties());
        try (HikariDataSource pool = new HikariDataSource(poolConfig)) {
            WorkerOptions options = WorkerOptions.builder()
                    .dataSource(pool)
                    .concurrency(4)
                    .taskList(OrderTasks.taskList(new LoggingEmailSender(), new LoggingPaymentGateway()))
                    .build();
            GraphileWorker.runMigrations(options);
            OrdersTable.createIfMissing(pool);

            try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
                OrderService orders = new OrderService(pool, utils);
                orders.placeOrder(new NewOrder("ada", "ada@example.com", 1250));
                orders.placeOrder(new NewOrder("ada", "ada@example.com", 899));
                orders.placeOrder(new NewOrder("grace", "grace@example.com", 4200));

                try (RunningWorker worker = GraphileWorker.run(options)) {
                    log.info("Worker {} is running the orders' jobs", worker.workerId());
                    if (awaitJobsDone(utils)) {
                        log.info("Every job ran; stopping the worker.");
                    }
                } // close() stops gracefully: running jobs finish and are recorded
            }
        }
    }

    /** Polls the queue's counts until no job is waiting or running, or the patience runs out. */
    private static boolean awaitJobsDone(WorkerUtils utils) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        QueueDepth depth = utils.queueDepth();
        while (depth.runnable() + depth.scheduled() + depth.locked() > 0) {
            if (Instant.now().isAfter(deadline)) {
                log.warn("Stopping with jobs left ({}): jobs of tasks this worker does not know, or retries", depth);
                return false;
            }
            Thread.sleep(200);
            depth = utils.queueDepth();
        }
        return true;
    }
}
