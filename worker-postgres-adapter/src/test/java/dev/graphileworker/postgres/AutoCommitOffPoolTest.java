package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application's pool with auto-commit off (a common setting beside Hibernate): the worker's own
 * statements still commit, so a job added outside a transaction exists, runs once, and is gone.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class AutoCommitOffPoolTest {

    @Test
    void jobsAddedAndRunOnAPoolWithoutAutoCommitAreCommitted(TestDatabase database) {
        AtomicInteger runs = new AtomicInteger();
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(database.jdbcUrl());
            pool.setUsername(database.user());
            pool.setPassword(database.password());
            pool.setAutoCommit(false);
            WorkerOptions options = WorkerOptions.builder().dataSource(pool)
                    .taskList(TaskList.builder().task("count", (payload, helpers) -> {
                        runs.incrementAndGet();
                        helpers.query("insert into counted values (1)");
                    }).build())
                    .build();
            GraphileWorker.runMigrations(options);
            database.execute("create table counted (n int)");

            try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
                utils.addJob("count", Map.of(), AddJobOptions.defaults());
            }
            assertThat(database.count("select count(*) from graphile_worker.jobs")).isEqualTo(1);

            GraphileWorker.runOnce(options);
            GraphileWorker.runOnce(options);

            assertThat(runs).hasValue(1);
            assertThat(database.count("select count(*) from graphile_worker.jobs")).isZero();
            assertThat(database.count("select count(*) from counted")).isEqualTo(1);
        }
    }
}
