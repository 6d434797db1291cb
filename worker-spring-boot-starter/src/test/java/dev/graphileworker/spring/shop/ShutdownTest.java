package dev.graphileworker.spring.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.spring.Jobs;
import dev.graphileworker.spring.shop.ShopApplication.Dawdle;
import dev.graphileworker.spring.shop.ShopApplication.DawdleTask;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Closing the application stops its worker first and leaves no job locked. */
@ExtendWith(PostgresDatabaseExtension.class)
class ShutdownTest {

    @Test
    void closingTheContextGivesARunningJobBackUnlocked(TestDatabase database) throws InterruptedException {
        database.execute(ShopApplication.TABLES);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.NONE) // the test class path has a web server; this test needs none
                .properties("spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password(),
                        "graphile.worker.shutdown-grace-period=1s")
                .run();
        context.getBean(Jobs.class).add(Dawdle.TASK, new Dawdle("still running at shutdown"));
        assertThat(context.getBean(DawdleTask.class).started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(database.count("select count(*) from graphile_worker.jobs where locked_at is not null")).isEqualTo(1);

        context.close();

        assertThat(database.count("select count(*) from graphile_worker.jobs where task_identifier = 'dawdle'"))
                .as("the job is kept, to run again").isEqualTo(1);
        assertThat(database.count("select count(*) from graphile_worker.jobs where locked_at is not null"))
                .as("no job is left locked").isZero();
    }

    @Test
    void aWorkerThatCannotStartStopsTheApplicationWithTheCause(TestDatabase shared) {
        TestDatabase database = shared.createDatabase();
        // A schema of that name that is not a queue's: no migration can make sense of it.
        database.execute("create schema graphile_worker; create table graphile_worker.migrations (id int)");
        SpringApplicationBuilder application = new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password());

        assertThatThrownBy(application::run)
                .hasStackTraceContaining("Could not install or upgrade the graphile-worker schema \"graphile_worker\"");
    }
}
