package dev.graphileworker.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.TaskDefinition;
import dev.graphileworker.spring.autoconfigure.GraphileWorkerAutoConfiguration;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Typed payloads follow the application's JSON configuration (Spring Boot 4's Jackson 3): a naming
 * strategy set with {@code spring.jackson.*} shapes the stored payload, and the task reads it back.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class ApplicationJsonTest {

    record ShippingLabel(String recipientName, String postCode) {
        static final TaskDefinition<ShippingLabel> TASK = TaskDefinition.of("print_label", ShippingLabel.class);
    }

    static final class PrintLabel implements WorkerTask<ShippingLabel> {
        final List<ShippingLabel> printed = new CopyOnWriteArrayList<>();

        @Override
        public TaskDefinition<ShippingLabel> definition() {
            return ShippingLabel.TASK;
        }

        @Override
        public void run(ShippingLabel label, JobHelpers helpers) {
            printed.add(label);
        }
    }

    /** A task of the same payload type that no worker here runs, so its job stays to be looked at. */
    private static final TaskDefinition<ShippingLabel> NOT_RUN_HERE =
            TaskDefinition.of("print_label_elsewhere", ShippingLabel.class);

    @Test
    void payloadsAreWrittenAndReadWithTheApplicationsNamingStrategy(TestDatabase database) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, JacksonAutoConfiguration.class,
                        GraphileWorkerAutoConfiguration.class))
                .withBean(PrintLabel.class, PrintLabel::new)
                .withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password(),
                        "spring.jackson.property-naming-strategy=SNAKE_CASE",
                        "graphile.worker.poll-interval=1h")
                .run(context -> {
                    Jobs jobs = context.getBean(Jobs.class);
                    jobs.add(NOT_RUN_HERE, new ShippingLabel("Grace Hopper", "10001"));
                    assertThat(database.text("select job.payload::text from graphile_worker._private_jobs job"
                            + " join graphile_worker._private_tasks task on task.id = job.task_id"
                            + " where task.identifier = 'print_label_elsewhere'"))
                            .isEqualTo("{\"recipient_name\":\"Grace Hopper\",\"post_code\":\"10001\"}");

                    jobs.add(ShippingLabel.TASK, new ShippingLabel("Ada Lovelace", "N1 9GU"));
                    database.awaitCount("select count(*) from graphile_worker.jobs where task_identifier = 'print_label'", 0);
                    assertThat(context.getBean(PrintLabel.class).printed)
                            .containsExactly(new ShippingLabel("Ada Lovelace", "N1 9GU"));
                });
    }
}
